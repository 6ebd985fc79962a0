import { budgetStream, type PolicyInForce } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import {
  evolveBudgetRow,
  evolveRegisterRow,
  proposalRegisterProjection,
  submittedOfYearAt,
  type BudgetSummaryRow,
  type ProposalRegisterRow,
  type ReadModelDatabase,
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
 * The portfolio of a fiscal year as the log stood at `position`: a pure function of the log's
 * prefix, which never changes once written, so answers are cached. With the read models at hand
 * the proposals come from the register, corrected to `position` (`submittedOfYearAt`), and the
 * budget from its own stream; otherwise, or when that would not be quicker, the whole log up to
 * `position` is replayed with the register's and the budget's own evolve functions. Both give the
 * same rows (the tests compare them).
 */
export function portfolioAt(
  store: EventStore,
  fiscalYear: string,
  position: number,
  database?: ReadModelDatabase,
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
  const replayed = database
    ? fromRegister(database, store, fiscalYear, position)
    : replayPortfolioAt(store, fiscalYear, position);
  perStore.set(key, replayed);
  replayed.catch(() => perStore.delete(key));
  while (perStore.size > CACHED_PER_STORE) perStore.delete(perStore.keys().next().value!);
  return replayed;
}

async function fromRegister(
  database: ReadModelDatabase,
  store: EventStore,
  fiscalYear: string,
  position: number,
): Promise<PortfolioAt> {
  const [submitted, budgetEvents, policy] = await Promise.all([
    submittedOfYearAt(database, store, fiscalYear, position),
    store.readStream(budgetStream(fiscalYear), { toPosition: position }),
    loadPolicyInForce(store, { toPosition: position }),
  ]);
  if (submitted === null) return replayPortfolioAt(store, fiscalYear, position);
  let budget: BudgetSummaryRow | null = null;
  for (const event of budgetEvents) budget = evolveBudgetRow(budget, event);
  return { position, submitted, budget, policy };
}

/** The whole log up to `position`, replayed. */
export async function replayPortfolioAt(
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
