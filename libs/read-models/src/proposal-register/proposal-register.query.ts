import { approvedRevenuePence } from '../portfolio/approved-revenue';
import { Brackets } from 'typeorm';
import { budgetStream } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import {
  budgetRowFromSql,
  evolveBudgetRow,
  type BudgetSummaryRow,
} from '../budget-summary/budget-summary.projection';
import type { ReadModelDatabase } from '../projector/read-model-database';
import { ProposalRegisterEntity } from './proposal-register.entity';
import {
  evolveRegisterRow,
  proposalRegisterProjection,
  registerRowFromSql,
  type ProposalRegisterRow,
} from './proposal-register.projection';

export interface RegisterFilter {
  readonly status?: string;
  readonly department?: string;
  readonly fiscalYear?: string;
  readonly category?: string;
  readonly limit: number;
  readonly cursor?: string;
}

export class InvalidCursor extends Error {
  readonly code = 'invalid-cursor';
  constructor() {
    super('The cursor is not one this ledger gave out; start again without it.');
  }
}

export function encodeCursor(seq: number): string {
  return Buffer.from(JSON.stringify({ seq }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      seq?: unknown;
    };
    if (typeof parsed.seq === 'number' && Number.isSafeInteger(parsed.seq) && parsed.seq > 0)
      return parsed.seq;
  } catch {
    // falls through to the refusal below
  }
  throw new InvalidCursor();
}

/** Newest first, keyset-paged on the draft's log position, so pages never skip or repeat a row. */
export async function listProposals(
  database: ReadModelDatabase,
  filter: RegisterFilter,
): Promise<{ rows: ProposalRegisterRow[]; nextCursor: string | null }> {
  const query = database.dataSource
    .getRepository(ProposalRegisterEntity)
    .createQueryBuilder('p')
    .select('p');
  if (filter.status) query.andWhere('p.status = :status', { status: filter.status });
  if (filter.department)
    query.andWhere('p.department = :department', { department: filter.department });
  if (filter.fiscalYear)
    query.andWhere('p.fiscal_year = :fiscalYear', { fiscalYear: filter.fiscalYear });
  if (filter.category) query.andWhere('p.category = :category', { category: filter.category });
  if (filter.cursor) {
    const seq = decodeCursor(filter.cursor);
    query.andWhere(new Brackets((where) => where.where('p.seq < :seq', { seq })));
  }
  const raw = await query
    .orderBy('p.seq', 'DESC')
    .limit(filter.limit + 1)
    .getRawMany<Record<string, unknown>>();
  const rows = raw.slice(0, filter.limit).map((row) => registerRowFromSql(stripAlias(row)));
  const nextCursor = raw.length > filter.limit ? encodeCursor(rows[rows.length - 1].seq) : null;
  return { rows, nextCursor };
}

export async function proposalsOfYear(
  database: ReadModelDatabase,
  fiscalYear: string,
  status?: string,
): Promise<ProposalRegisterRow[]> {
  const rows = status
    ? await database.query(
        'SELECT * FROM proposal_register WHERE fiscal_year = ? AND status = ? ORDER BY seq',
        [fiscalYear, status],
      )
    : await database.query('SELECT * FROM proposal_register WHERE fiscal_year = ? ORDER BY seq', [
        fiscalYear,
      ]);
  return rows.map(registerRowFromSql);
}

export async function budgetOfYear(
  database: ReadModelDatabase,
  fiscalYear: string,
): Promise<BudgetSummaryRow | null> {
  const rows = await database.query('SELECT * FROM budget_summary WHERE fiscal_year = ?', [
    fiscalYear,
  ]);
  return rows[0] ? budgetRowFromSql(rows[0]) : null;
}

/**
 * The register and budget of a fiscal year as they stood at a moment, replayed from the log with the
 * projections' own evolve functions: what the portfolio looked like to the board that day.
 */
export async function replayYearAsOf(
  store: EventStore,
  fiscalYear: string,
  asOf: string,
): Promise<{
  proposals: ProposalRegisterRow[];
  budget: BudgetSummaryRow | null;
  approvedRevenuePence: bigint;
}> {
  const proposals = new Map<string, ProposalRegisterRow | null>();
  let budget: BudgetSummaryRow | null = null;
  const budgetStreamId = budgetStream(fiscalYear);
  for (let after = 0; ;) {
    const page = await store.readAll({ after, limit: 5000, asOf });
    for (const event of page.events) {
      const id = proposalRegisterProjection.keyOf(event);
      if (id !== null) {
        proposals.set(id, evolveRegisterRow(proposals.get(id) ?? null, event));
      } else if (event.streamId === budgetStreamId) {
        budget = evolveBudgetRow(budget, event);
      }
    }
    if (page.nextAfter === null) break;
    after = page.nextAfter;
  }
  return {
    proposals: [...proposals.values()].filter(
      (row): row is ProposalRegisterRow => row !== null && row.fiscalYear === fiscalYear,
    ),
    budget,
    approvedRevenuePence: approvedRevenuePence(
      fiscalYear,
      [...proposals.values()].filter((row): row is ProposalRegisterRow => row !== null),
    ),
  };
}

function stripAlias(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key.replace(/^p_/, '')] = value;
  return out;
}
