import { budgetStream, type PolicyInForce } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import {
  evolveBudgetRow,
  evolveRegisterRow,
  proposalRegisterProjection,
  type BudgetSummaryRow,
  type ProposalRegisterRow,
} from '@ledger/read-models';
import { loadPolicyInForce } from '../policy/policy.handlers';

/** A fiscal year's portfolio exactly as the log stood at a position: what a scenario is evaluated on. */
export interface PortfolioAt {
  readonly position: number;
  /** Submitted proposals of the year, in drafting order (their drafts' log positions). */
  readonly submitted: readonly ProposalRegisterRow[];
  readonly budget: BudgetSummaryRow | null;
  readonly policy: PolicyInForce;
}

const PAGE = 5000;
const CACHED_PER_STORE = 8;
// Keyed by store, so two ledgers in one process (the tests' SQLite and PostgreSQL) never share one.
const cache = new WeakMap<EventStore, Map<string, Promise<PortfolioAt>>>();

/**
 * Replays the log up to `position` with the register's and the budget's own evolve functions. A
 * pure function of the log's prefix, which never changes once written, so answers are cached.
 */
export function portfolioAt(
  store: EventStore,
  fiscalYear: string,
  position: number,
): Promise<PortfolioAt> {
  let perStore = cache.get(store);
  if (!perStore) cache.set(store, (perStore = new Map()));
  const key = `${fiscalYear}@${position}`;
  const cached = perStore.get(key);
  if (cached) {
    perStore.delete(key);
    perStore.set(key, cached);
    return cached;
  }
  const replayed = replay(store, fiscalYear, position);
  perStore.set(key, replayed);
  replayed.catch(() => perStore.delete(key));
  while (perStore.size > CACHED_PER_STORE) perStore.delete(perStore.keys().next().value!);
  return replayed;
}

async function replay(
  store: EventStore,
  fiscalYear: string,
  position: number,
): Promise<PortfolioAt> {
  const proposals = new Map<string, ProposalRegisterRow | null>();
  let budget: BudgetSummaryRow | null = null;
  const budgetStreamId = budgetStream(fiscalYear);
  for (let after = 0; after < position;) {
    const page = await store.readAll({ after, limit: Math.min(PAGE, position - after) });
    for (const event of page.events) {
      if (event.position > position) break;
      const id = proposalRegisterProjection.keyOf(event);
      if (id !== null) {
        proposals.set(id, evolveRegisterRow(proposals.get(id) ?? null, event));
      } else if (event.streamId === budgetStreamId) {
        budget = evolveBudgetRow(budget, event);
      }
    }
    if (page.nextAfter === null || page.events.length === 0) break;
    after = page.nextAfter;
  }
  const submitted = [...proposals.values()]
    .filter(
      (row): row is ProposalRegisterRow =>
        row !== null && row.fiscalYear === fiscalYear && row.status === 'submitted',
    )
    .sort((a, b) => a.seq - b.seq);
  const policy = await loadPolicyInForce(store, { toPosition: position });
  return { position, submitted, budget, policy };
}
