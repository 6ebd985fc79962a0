import { verifyChain, type SegmentVerifier } from './chain-verifier';
import type { EventStore } from './event-store.port';
import { GENESIS_HASH } from './hash-chain';

/** A log of `position` events as far as verifyChain asks before it hands stretches out. */
function aLogWithHeadAt(position: number): EventStore {
  return {
    readHead: async () => ({ position, hash: GENESIS_HASH, recordedAt: null }),
    readAll: async () => ({ events: [], nextAfter: null }),
  } as unknown as EventStore;
}

describe('verifying in stretches', () => {
  it('cuts the log into stretches that cover every position once, in order', async () => {
    const seen: [number, number][] = [];
    const stretches: SegmentVerifier = {
      count: 3,
      minimumEvents: 0,
      run: async (from, to) => {
        seen.push([from, to]);
        return { ok: false, checked: from - 1, firstInvalidPosition: from, reason: 'stop here' };
      },
    };
    await verifyChain(aLogWithHeadAt(10), { segments: stretches });
    expect(seen).toEqual([
      [1, 3],
      [4, 6],
      [7, 10],
    ]);
  });

  it('walks a log smaller than the minimum in one go', async () => {
    const run = jest.fn();
    await verifyChain(aLogWithHeadAt(9), { segments: { count: 2, minimumEvents: 10, run } });
    expect(run).not.toHaveBeenCalled();
  });

  it('stops the other stretches when one cannot run, and gives no verdict', async () => {
    let abortedOther = false;
    const stretches: SegmentVerifier = {
      count: 2,
      minimumEvents: 0,
      run: (from, _to, _onChecked, signal) =>
        from === 1
          ? Promise.reject(new Error('connection refused'))
          : new Promise((_resolve, reject) => {
              signal.addEventListener('abort', () => {
                abortedOther = true;
                reject(new Error('stopped'));
              });
            }),
    };
    await expect(verifyChain(aLogWithHeadAt(100), { segments: stretches })).rejects.toThrow(
      'connection refused',
    );
    expect(abortedOther).toBe(true);
  });
});
