import {
  Money,
  parseScenarioEvent,
  parseScenarioStream,
  SCENARIO_EVENT_TYPES,
} from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import type { Projection } from '../projector/projection';
import { chunk } from '../projector/sql-executor';

/** One row per scenario: what a list of a year's scenarios shows, and which one is adopted. */
export interface ScenarioRegisterRow {
  readonly id: string;
  readonly fiscalYear: string;
  readonly name: string;
  readonly status: 'created' | 'adopted' | 'superseded';
  readonly budgetPence: bigint;
  readonly createdById: string;
  readonly createdByName: string;
  readonly createdAt: string;
  readonly evaluationPosition: number;
  readonly adoptedAt: string | null;
  readonly version: number;
  readonly lastPosition: number;
}

const SCENARIO_REGISTER_TABLE = 'scenario_register';

function evolveScenarioRow(
  row: ScenarioRegisterRow | null,
  event: RecordedEvent,
): ScenarioRegisterRow | null {
  const scenarioEvent = parseScenarioEvent(event);
  const moved = { version: event.version, lastPosition: event.position };
  switch (scenarioEvent.type) {
    case 'ScenarioCreated': {
      const { data } = scenarioEvent;
      return {
        id: data.scenarioId,
        fiscalYear: data.fiscalYear,
        name: data.name,
        status: 'created',
        budgetPence: Money.parse(data.budget).pence,
        createdById: data.createdBy.id,
        createdByName: data.createdBy.name,
        createdAt: data.createdAt,
        evaluationPosition: data.evaluationPosition,
        adoptedAt: null,
        ...moved,
      };
    }
    case 'ScenarioAdopted':
      return (
        row && { ...row, status: 'adopted', adoptedAt: scenarioEvent.data.adoptedAt, ...moved }
      );
    case 'ScenarioSuperseded':
      return row && { ...row, status: 'superseded', ...moved };
    default:
      return row;
  }
}

export function scenarioRowFromSql(raw: Record<string, unknown>): ScenarioRegisterRow {
  return {
    id: String(raw.id),
    fiscalYear: String(raw.fiscal_year),
    name: String(raw.name),
    status: String(raw.status) as ScenarioRegisterRow['status'],
    budgetPence: BigInt(raw.budget_pence as string),
    createdById: String(raw.created_by_id),
    createdByName: String(raw.created_by_name),
    createdAt: String(raw.created_at),
    evaluationPosition: Number(raw.evaluation_position),
    adoptedAt:
      raw.adopted_at === null || raw.adopted_at === undefined ? null : String(raw.adopted_at),
    version: Number(raw.version),
    lastPosition: Number(raw.last_position),
  };
}

const COLUMNS = [
  'id',
  'fiscal_year',
  'name',
  'status',
  'budget_pence',
  'created_by_id',
  'created_by_name',
  'created_at',
  'evaluation_position',
  'adopted_at',
  'version',
  'last_position',
];

export const scenarioRegisterProjection: Projection<ScenarioRegisterRow> = {
  name: 'scenario-register',
  handles: SCENARIO_EVENT_TYPES,
  tables: [SCENARIO_REGISTER_TABLE],
  keyOf: (event) => parseScenarioStream(event.streamId),
  evolve: evolveScenarioRow,

  async load(sql, keys, prefix) {
    const rows = new Map<string, ScenarioRegisterRow>();
    for (const ids of chunk(keys, 500)) {
      const found = await sql.query(
        `SELECT ${COLUMNS.join(', ')} FROM ${prefix}${SCENARIO_REGISTER_TABLE} WHERE id IN (${ids.map(() => '?').join(', ')})`,
        ids,
      );
      for (const raw of found) {
        const row = scenarioRowFromSql(raw);
        rows.set(row.id, row);
      }
    }
    return rows;
  },

  async save(sql, rows, prefix) {
    const present = [...rows.values()].filter((row): row is ScenarioRegisterRow => row !== null);
    const pence = (value: bigint) =>
      sql.dialect === 'postgres' ? value.toString() : Number(value);
    const updates = COLUMNS.slice(1)
      .map((column) => `${column} = excluded.${column}`)
      .join(', ');
    for (const batch of chunk(present, 200)) {
      await sql.query(
        `INSERT INTO ${prefix}${SCENARIO_REGISTER_TABLE} (${COLUMNS.join(', ')}) VALUES ${batch.map(() => `(${COLUMNS.map(() => '?').join(', ')})`).join(', ')}
         ON CONFLICT (id) DO UPDATE SET ${updates}`,
        batch.flatMap((row) => [
          row.id,
          row.fiscalYear,
          row.name,
          row.status,
          pence(row.budgetPence),
          row.createdById,
          row.createdByName,
          row.createdAt,
          row.evaluationPosition,
          row.adoptedAt,
          row.version,
          row.lastPosition,
        ]),
      );
    }
  },
};
