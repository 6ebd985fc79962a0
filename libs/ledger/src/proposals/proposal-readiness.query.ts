import {
  isReady,
  proposalReadiness,
  proposalStream,
  type BlockerCode,
  type BudgetState,
  type PolicyInForce,
} from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import { encodeCursor, type RegisterFilter } from '@ledger/read-models';
import { loadStream } from '../event-streams';
import { proposalFold } from './proposal.handlers';
import { loadBudget } from './proposal.view';

/** The register's filters, and whether the proposal could be approved now (submitted, no blockers). */
export type ProposalListFilter = RegisterFilter & { readonly ready?: boolean };

export interface ListedReadiness {
  readonly ready: boolean;
  /** The codes of what would refuse an approval now; the proposal's own read explains each. */
  readonly blockers: readonly BlockerCode[];
}

/** What a page of the register must give for readiness to be added: its rows' ids and paging key. */
interface RegisterPageRow {
  readonly id: string;
  readonly seq: number;
}

// Rows are read past a page in batches at least this large, so a sparse filter needs few queries.
const SCAN_BATCH = 50;

/**
 * A page of the register with each row's readiness, filtered on it when asked. Readiness depends on
 * the policy and the budget as well as the proposal, so it cannot be a column the projection keeps:
 * each listed proposal is folded from its own stream, exactly as its single read is, against the
 * policy and budgets of now. Filtering scans on past rows that do not match, so every page but the
 * last is full, and the cursor is the paging key of the last row returned, as the register's own.
 */
export async function listWithReadiness<Row extends RegisterPageRow>(
  store: EventStore,
  policy: PolicyInForce,
  filter: ProposalListFilter,
  listPage: (filter: RegisterFilter) => Promise<{ rows: Row[]; nextCursor: string | null }>,
): Promise<{ rows: { row: Row; readiness: ListedReadiness }[]; nextCursor: string | null }> {
  const { ready, ...registerFilter } = filter;
  const readinessOf = readinessReader(store, policy, new Date().toISOString());
  if (ready === undefined) {
    const page = await listPage(registerFilter);
    return { rows: await withReadiness(page.rows, readinessOf), nextCursor: page.nextCursor };
  }
  if (ready && registerFilter.status !== undefined && registerFilter.status !== 'submitted') {
    return { rows: [], nextCursor: null };
  }
  const scan: RegisterFilter = {
    ...registerFilter,
    ...(ready ? { status: 'submitted' } : {}),
    limit: Math.max(filter.limit + 1, SCAN_BATCH),
  };
  const matching: { row: Row; readiness: ListedReadiness }[] = [];
  let cursor = registerFilter.cursor;
  do {
    const page = await listPage({ ...scan, cursor });
    for (const listed of await withReadiness(page.rows, readinessOf)) {
      if (listed.readiness.ready === ready) matching.push(listed);
    }
    cursor = page.nextCursor ?? undefined;
  } while (matching.length <= filter.limit && cursor !== undefined);
  const rows = matching.slice(0, filter.limit);
  return {
    rows,
    nextCursor: matching.length > filter.limit ? encodeCursor(rows[rows.length - 1].row.seq) : null,
  };
}

async function withReadiness<Row extends RegisterPageRow>(
  rows: readonly Row[],
  readinessOf: (proposalId: string) => Promise<ListedReadiness>,
): Promise<{ row: Row; readiness: ListedReadiness }[]> {
  return Promise.all(rows.map(async (row) => ({ row, readiness: await readinessOf(row.id) })));
}

function readinessReader(store: EventStore, policy: PolicyInForce, now: string) {
  const budgets = new Map<string, Promise<BudgetState>>();
  const budgetOf = (fiscalYear: string) => {
    let budget = budgets.get(fiscalYear);
    if (!budget) {
      budget = loadBudget(store, fiscalYear);
      budgets.set(fiscalYear, budget);
    }
    return budget;
  };
  return async (proposalId: string): Promise<ListedReadiness> => {
    const { state } = await loadStream(store, proposalStream(proposalId), proposalFold);
    // A register row is made from the draft's event, so this is a proposal the log does not know.
    if (state.status === 'initial') return { ready: false, blockers: ['not-submitted'] };
    const readiness = proposalReadiness(state, policy, await budgetOf(state.fiscalYear), now);
    return {
      ready: isReady(state, readiness),
      blockers: readiness.blockers.map((blocker) => blocker.code),
    };
  };
}
