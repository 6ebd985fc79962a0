import type { ReadModelDatabase } from '../projector/read-model-database';
import { scenarioRowFromSql, type ScenarioRegisterRow } from './scenario-register.projection';

/** A fiscal year's scenarios, oldest first; every year's when none is named. */
export async function scenariosOfYear(
  database: ReadModelDatabase,
  fiscalYear?: string,
): Promise<ScenarioRegisterRow[]> {
  const rows = fiscalYear
    ? await database.query(
        'SELECT * FROM scenario_register WHERE fiscal_year = ? ORDER BY created_at, id',
        [fiscalYear],
      )
    : await database.query('SELECT * FROM scenario_register ORDER BY created_at, id', []);
  return rows.map(scenarioRowFromSql);
}

/** The id of the scenario adopted for a fiscal year, as the register has it; null when none is. */
export async function adoptedScenarioOfYear(
  database: ReadModelDatabase,
  fiscalYear: string,
): Promise<string | null> {
  const rows = await database.query(
    "SELECT id FROM scenario_register WHERE fiscal_year = ? AND status = 'adopted' ORDER BY last_position DESC",
    [fiscalYear],
  );
  return rows[0] ? String(rows[0].id) : null;
}
