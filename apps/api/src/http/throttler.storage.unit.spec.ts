import { SlidingWindowThrottlerStorage } from './throttler.storage';

describe('SlidingWindowThrottlerStorage', () => {
  let storage: SlidingWindowThrottlerStorage;

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-11-28T09:00:00.000Z') });
    storage = new SlidingWindowThrottlerStorage();
  });

  afterEach(() => {
    storage.onApplicationShutdown();
    jest.useRealTimers();
  });

  const hit = (key = 'default:10.0.0.1') => storage.increment(key, 60_000, 3, 60_000, 'default');

  it('blocks the request after the limit and keeps the client blocked for the block duration', async () => {
    const answers = [await hit(), await hit(), await hit(), await hit()];
    expect(answers.map((answer) => answer.isBlocked)).toEqual([false, false, false, true]);
    expect(answers.map((answer) => answer.totalHits)).toEqual([1, 2, 3, 4]);
    expect(answers[3].timeToBlockExpire).toBe(60);
    jest.advanceTimersByTime(59_000);
    expect((await hit()).isBlocked).toBe(true);
    jest.advanceTimersByTime(1_000);
    expect(await hit()).toMatchObject({ isBlocked: false, totalHits: 1 });
  });

  it('counts each client separately and forgets hits older than the window', async () => {
    await hit();
    jest.advanceTimersByTime(30_000);
    await hit();
    await hit();
    expect((await hit('default:10.0.0.2')).totalHits).toBe(1);
    jest.advanceTimersByTime(30_000);
    expect(await hit()).toMatchObject({ isBlocked: false, totalHits: 3 });
  });

  it('forgets a busy window once its hits expire', async () => {
    for (let index = 0; index < 50_000; index += 1)
      await storage.increment('busy', 60_000, 1_000_000, 60_000, 'default');
    jest.advanceTimersByTime(60_000);
    expect((await storage.increment('busy', 60_000, 1_000_000, 60_000, 'default')).totalHits).toBe(
      1,
    );
  });
});
