import { once } from 'node:events';
import { Logger } from '@nestjs/common';
import type { ChainVerification } from '@ledger/event-store';
import { verificationLines, wantsProgress } from '../../apps/api/src/audit/verify-stream';

const INTACT: ChainVerification = {
  ok: true,
  checked: 5,
  headPosition: 5,
  headHash: 'ab'.repeat(32),
};

async function read(stream: NodeJS.ReadableStream): Promise<unknown[]> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

describe('verification as JSON lines', () => {
  it('starts with the head at once, then at most one line per 100 ms, the last report before the verdict', async () => {
    let clock = 0;
    const stream = verificationLines(
      async (onProgress) => {
        for (const [at, checked] of [
          [0, 1],
          [40, 2],
          [120, 3],
          [150, 4],
          [199, 5],
        ]) {
          clock = at;
          onProgress(checked, 5);
        }
        return INTACT;
      },
      { headPosition: 5 },
      () => clock,
    );
    expect(await read(stream)).toEqual([
      { checked: 0, headPosition: 5 },
      { checked: 3, headPosition: 5 },
      { checked: 5, headPosition: 5 },
      { verdict: INTACT },
    ]);
  });

  it('ends with a problem instead of a verdict when the walk fails, and logs why', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const stream = verificationLines(
      async (onProgress) => {
        onProgress(1, 5);
        throw new Error('connection reset');
      },
      { headPosition: 5 },
    );
    const lines = await read(stream);
    expect(lines[0]).toEqual({ checked: 0, headPosition: 5 });
    expect(lines[1]).toEqual({ checked: 1, headPosition: 5 });
    expect(lines[2]).toMatchObject({
      problem: { status: 503, type: expect.stringMatching(/verification-interrupted$/) },
    });
    expect(JSON.stringify(lines[2])).not.toContain('connection reset');
    expect(String(logged.mock.calls[0]?.[0])).toContain('connection reset');
    logged.mockRestore();
  });

  it('writes nothing more once the client has gone, and raises no error', async () => {
    let report: ((checked: number, headPosition: number) => void) | undefined;
    let finish: (() => void) | undefined;
    const stream = verificationLines(
      (onProgress) =>
        new Promise<ChainVerification>((resolve) => {
          report = onProgress;
          finish = () => resolve(INTACT);
        }),
      { headPosition: 5 },
    );
    const errors: unknown[] = [];
    stream.on('error', (error) => errors.push(error));
    await new Promise((resolve) => setImmediate(resolve));
    stream.destroy();
    await once(stream, 'close');
    const pushedAfterwards: unknown[] = [];
    const push = stream.push.bind(stream);
    stream.push = (chunk: unknown) => {
      pushedAfterwards.push(chunk);
      return push(chunk);
    };
    report?.(3, 5);
    finish?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(pushedAfterwards).toEqual([]);
    expect(errors).toEqual([]);
  });

  it.each([
    ['application/x-ndjson', true],
    ['application/json, application/x-ndjson;q=0.9', true],
    ['Application/X-NDJSON', true],
    ['application/json', false],
    [undefined, false],
    ['*/*', false],
  ])('reads Accept %s as asking for progress: %s', (accept, expected) => {
    expect(wantsProgress(accept)).toBe(expected);
  });
});
