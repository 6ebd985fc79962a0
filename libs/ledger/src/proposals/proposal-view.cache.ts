import { londonDateOf } from '@ledger/domain';
import type { ChainHead } from '@ledger/event-store';

/**
 * The current view of a proposal, kept between reads while nothing it depends on can have changed.
 *
 * A current view is a function of the log (the proposal's stream, the policy, the budget, the related
 * proposals, the adopted scenario), of the read models that index parts of it, and of the London date
 * (key-decision notice is counted in clear days before today). An entry is therefore keyed by the
 * head of the log (position and hash, read from the database on every request, so another process's
 * appends and a restored database are seen) and the London date, and is answered only while both are
 * unchanged. Any append anywhere makes every entry stale: this keeps the rule simple enough to be
 * evidently right, and reads between writes, the common case, are answered from memory.
 *
 * A view is kept only when it was computed with the read models at or past the head it was read
 * against: one computed while the projector was behind could change when it catches up, with the same
 * head. Reads at a past point (asOf, atPosition) are never kept. Bounded: least recently used entries
 * are dropped beyond `capacity`.
 */
export class ProposalViewCache<View> {
  private readonly entries = new Map<string, { readonly key: string; readonly view: View }>();
  private dateSecond = -1;
  private date = '';

  constructor(private readonly capacity = 500) {}

  /** The key an entry must carry to be answered now: the head and today's London date. */
  keyOf(head: ChainHead, nowMs = Date.now()): string {
    const second = Math.floor(nowMs / 1000);
    if (second !== this.dateSecond) {
      this.date = londonDateOf(new Date(second * 1000).toISOString());
      this.dateSecond = second;
    }
    return `${head.position}:${head.hash}:${this.date}`;
  }

  get(proposalId: string, key: string): View | undefined {
    const entry = this.entries.get(proposalId);
    if (entry === undefined) return undefined;
    if (entry.key !== key) {
      this.entries.delete(proposalId);
      return undefined;
    }
    // Most recently used last, so the first key is the one to drop.
    this.entries.delete(proposalId);
    this.entries.set(proposalId, entry);
    return entry.view;
  }

  set(proposalId: string, key: string, view: View): void {
    this.entries.delete(proposalId);
    this.entries.set(proposalId, { key, view });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
