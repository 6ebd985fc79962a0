import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each approved proposal's current benefit amounts per fiscal year, nine to a row, so the benefits
 * read no longer sums every line of the year (issue 18's 200 ms bar at 5,000 proposals). A new
 * table of a projection whose checkpoint has already passed the events, so the migration fills it
 * from the lines it is derived from, exactly as the projection's `saveYearTotals` would: a year
 * appears when a line of it is still true. The SQL is written out as released and never changes.
 */
const AMOUNTS = [
  ['forecast', 'cash-releasing', 'cash'],
  ['forecast', 'non-cash-releasing', 'non_cash'],
  ['forecast', 'societal', 'societal'],
  ['evidenced', 'cash-releasing', 'cash'],
  ['evidenced', 'non-cash-releasing', 'non_cash'],
  ['evidenced', 'societal', 'societal'],
  ['validated', 'cash-releasing', 'cash'],
  ['validated', 'non-cash-releasing', 'non_cash'],
  ['validated', 'societal', 'societal'],
];

function up(money: string, text: string): string[] {
  return [
    `CREATE TABLE benefit_year_totals (
  proposal_id ${text} NOT NULL,
  fiscal_year ${text} NOT NULL,
  title ${text} NOT NULL,
  department ${text} NOT NULL,
${AMOUNTS.map(([measure, , column]) => `  ${measure}_${column}_pence ${money} NOT NULL,`).join('\n')}
  PRIMARY KEY (proposal_id, fiscal_year)
)`,
    'CREATE INDEX benefit_year_totals_year ON benefit_year_totals (fiscal_year)',
    `INSERT INTO benefit_year_totals (proposal_id, fiscal_year, title, department, ${AMOUNTS.map(([measure, , column]) => `${measure}_${column}_pence`).join(', ')})
SELECT l.proposal_id, l.fiscal_year, r.title, r.department, ${AMOUNTS.map(([measure, type]) => `SUM(CASE WHEN l.measure = '${measure}' AND l.benefit_type = '${type}' THEN l.amount_pence ELSE 0 END)`).join(', ')}
FROM benefit_lines l JOIN benefit_register r ON r.proposal_id = l.proposal_id
WHERE l.until_at IS NULL
GROUP BY l.proposal_id, l.fiscal_year, r.title, r.department`,
  ];
}

const DOWN = ['DROP TABLE benefit_year_totals'];

export class SqliteBenefitYearTotals1797190000000 implements MigrationInterface {
  name = 'SqliteBenefitYearTotals1797190000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of up('INTEGER', 'TEXT')) await queryRunner.query(statement);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await queryRunner.query(statement);
  }
}

export class PostgresBenefitYearTotals1797190000000 implements MigrationInterface {
  name = 'PostgresBenefitYearTotals1797190000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of up('bigint', 'text')) await queryRunner.query(statement);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await queryRunner.query(statement);
  }
}
