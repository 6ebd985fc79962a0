import { ProposalViewCache } from './proposal-view.cache';

const head = (position: number, hash = `h${position}`) => ({ position, hash, recordedAt: null });
// 12:00 UTC is 13:00 in London in summer; 23:30 UTC on 30 June is already 1 July in London.
const NOON = Date.parse('2026-06-30T12:00:00Z');
const LONDON_MIDNIGHT = Date.parse('2026-06-30T23:00:00Z');

describe('ProposalViewCache', () => {
  it('answers a view only under the head and London date it was kept with', () => {
    const cache = new ProposalViewCache<string>();
    const key = cache.keyOf(head(7), NOON);
    cache.set('p', key, 'view at 7');
    expect(cache.get('p', cache.keyOf(head(7), NOON + 5_000))).toBe('view at 7');
    expect(cache.get('p', cache.keyOf(head(8), NOON))).toBeUndefined();
    // The miss forgot the entry: the old key does not bring it back.
    expect(cache.get('p', key)).toBeUndefined();
  });

  it('tells a restored log with the same position by its head hash', () => {
    const cache = new ProposalViewCache<string>();
    cache.set('p', cache.keyOf(head(7, 'a'), NOON), 'view');
    expect(cache.get('p', cache.keyOf(head(7, 'b'), NOON))).toBeUndefined();
  });

  it('forgets every view when the London date turns, not the UTC date', () => {
    const cache = new ProposalViewCache<string>();
    const before = cache.keyOf(head(7), LONDON_MIDNIGHT - 1_000);
    const after = cache.keyOf(head(7), LONDON_MIDNIGHT);
    expect(after).not.toBe(before);
    expect(after).toContain('2026-07-01');
    cache.set('p', before, 'yesterday');
    expect(cache.get('p', after)).toBeUndefined();
  });

  it('keeps at most its capacity, dropping the least recently read', () => {
    const cache = new ProposalViewCache<string>(2);
    const key = cache.keyOf(head(1), NOON);
    cache.set('a', key, 'A');
    cache.set('b', key, 'B');
    expect(cache.get('a', key)).toBe('A');
    cache.set('c', key, 'C');
    expect(cache.size).toBe(2);
    expect(cache.get('b', key)).toBeUndefined();
    expect(cache.get('a', key)).toBe('A');
    expect(cache.get('c', key)).toBe('C');
  });
});
