type Dialect = 'sqlite' | 'postgres';

/**
 * The projections' tables as the migrations leave them, by dialect and table prefix: a rebuild fills
 * fresh prefixed copies and swaps them in. Live code, unlike the migrations: when a migration changes
 * a table, this changes with it, and test/read-models/read-model-schema.int.spec.ts checks that a
 * rebuilt table is exactly the migrated one.
 */
export function projectionTablesDdl(dialect: Dialect, prefix: string): string[] {
  const money = dialect === 'postgres' ? 'bigint' : 'INTEGER';
  const int = dialect === 'postgres' ? 'integer' : 'INTEGER';
  const big = dialect === 'postgres' ? 'bigint' : 'INTEGER';
  const bool = dialect === 'postgres' ? 'boolean' : 'INTEGER';
  const text = dialect === 'postgres' ? 'text' : 'TEXT';
  const json = dialect === 'postgres' ? 'jsonb' : 'TEXT';
  return [
    `CREATE TABLE ${prefix}proposal_register (
      id ${text} PRIMARY KEY,
      seq ${big} NOT NULL,
      title ${text} NOT NULL,
      department ${text} NOT NULL,
      category ${text} NOT NULL,
      fiscal_year ${text} NOT NULL,
      status ${text} NOT NULL,
      statutory ${bool} NOT NULL,
      proposer_id ${text} NOT NULL,
      proposer_name ${text} NOT NULL,
      capital_cost_pence ${money} NOT NULL,
      annual_revenue_cost_pence ${money} NOT NULL,
      annual_cashable_saving_pence ${money} NOT NULL,
      annual_non_cashable_benefit_pence ${money} NOT NULL,
      appraisal_years ${int} NOT NULL,
      approved_amount_pence ${money},
      realised_cashable_pence ${money} NOT NULL,
      realised_non_cashable_pence ${money} NOT NULL,
      review_count ${int} NOT NULL,
      current_reviews ${json} NOT NULL,
      content_version ${int} NOT NULL,
      drafted_at ${text} NOT NULL,
      submitted_at ${text},
      decided_at ${text},
      version ${int} NOT NULL,
      last_position ${big} NOT NULL,
      case_stage ${text}
    )`,
    `CREATE TABLE ${prefix}budget_summary (
      fiscal_year ${text} PRIMARY KEY,
      capital_envelope_pence ${money} NOT NULL,
      revenue_envelope_pence ${money} NOT NULL,
      committed_pence ${money} NOT NULL,
      commitment_count ${int} NOT NULL,
      version ${int} NOT NULL,
      last_position ${big} NOT NULL
    )`,
    `CREATE TABLE ${prefix}forward_plan_proposals (
      proposal_id ${text} PRIMARY KEY,
      title ${text} NOT NULL,
      department ${text} NOT NULL,
      status ${text} NOT NULL,
      capital_cost_pence ${money} NOT NULL,
      annual_revenue_cost_pence ${money} NOT NULL,
      appraisal_years ${int} NOT NULL,
      whole_life_cost_pence ${money} NOT NULL,
      version ${int} NOT NULL,
      last_position ${big} NOT NULL
    )`,
    `CREATE TABLE ${prefix}forward_plan_notices (
      notice_id ${text} PRIMARY KEY,
      proposal_id ${text} NOT NULL,
      published_on ${text} NOT NULL,
      decision_due ${text} NOT NULL,
      decision_maker ${text} NOT NULL,
      summary ${text} NOT NULL,
      position ${big} NOT NULL
    )`,
    `CREATE TABLE ${prefix}related_proposals (
      proposal_id ${text} PRIMARY KEY,
      programme ${text},
      department ${text} NOT NULL,
      category ${text} NOT NULL,
      drafted_at ${text} NOT NULL,
      capital_cost_pence ${money} NOT NULL,
      annual_revenue_cost_pence ${money} NOT NULL,
      appraisal_years ${int} NOT NULL,
      whole_life_cost_pence ${money} NOT NULL,
      status ${text} NOT NULL,
      last_position ${big} NOT NULL
    )`,
    `CREATE TABLE ${prefix}scenario_register (
      id ${text} PRIMARY KEY,
      fiscal_year ${text} NOT NULL,
      name ${text} NOT NULL,
      status ${text} NOT NULL,
      budget_pence ${money} NOT NULL,
      created_by_id ${text} NOT NULL,
      created_by_name ${text} NOT NULL,
      created_at ${text} NOT NULL,
      evaluation_position ${big} NOT NULL,
      adopted_at ${text},
      version ${int} NOT NULL,
      last_position ${big} NOT NULL
    )`,
    `CREATE TABLE ${prefix}benefit_register (
      proposal_id ${text} PRIMARY KEY,
      title ${text} NOT NULL,
      department ${text} NOT NULL,
      benefit_plan ${json} NOT NULL,
      approved_at ${text},
      version ${int} NOT NULL,
      last_position ${big} NOT NULL
    )`,
    `CREATE TABLE ${prefix}benefit_lines (
      proposal_id ${text} NOT NULL,
      line_id ${text} NOT NULL,
      title ${text} NOT NULL,
      department ${text} NOT NULL,
      fiscal_year ${text} NOT NULL,
      benefit_type ${text} NOT NULL,
      measure ${text} NOT NULL,
      amount_pence ${money} NOT NULL,
      from_at ${text} NOT NULL,
      until_at ${text},
      PRIMARY KEY (proposal_id, line_id)
    )`,
    `CREATE TABLE ${prefix}benefit_year_totals (
      proposal_id ${text} NOT NULL,
      fiscal_year ${text} NOT NULL,
      title ${text} NOT NULL,
      department ${text} NOT NULL,
      forecast_cash_pence ${money} NOT NULL,
      forecast_non_cash_pence ${money} NOT NULL,
      forecast_societal_pence ${money} NOT NULL,
      evidenced_cash_pence ${money} NOT NULL,
      evidenced_non_cash_pence ${money} NOT NULL,
      evidenced_societal_pence ${money} NOT NULL,
      validated_cash_pence ${money} NOT NULL,
      validated_non_cash_pence ${money} NOT NULL,
      validated_societal_pence ${money} NOT NULL,
      PRIMARY KEY (proposal_id, fiscal_year)
    )`,
  ];
}

/** Secondary indexes, created after a rebuild has filled its tables (faster, and with the live names). */
export function projectionIndexesDdl(): string[] {
  return [
    'CREATE UNIQUE INDEX proposal_register_seq ON proposal_register (seq)',
    'CREATE INDEX proposal_register_year_status ON proposal_register (fiscal_year, status, seq)',
    'CREATE INDEX proposal_register_status ON proposal_register (status, seq)',
    'CREATE INDEX proposal_register_department ON proposal_register (department, seq)',
    'CREATE INDEX forward_plan_notices_due ON forward_plan_notices (decision_due, published_on, position)',
    'CREATE INDEX forward_plan_notices_proposal ON forward_plan_notices (proposal_id, position)',
    'CREATE INDEX related_proposals_programme ON related_proposals (programme)',
    'CREATE INDEX related_proposals_group ON related_proposals (department, category, drafted_at)',
    'CREATE INDEX scenario_register_year_status ON scenario_register (fiscal_year, status, created_at)',
    'CREATE INDEX benefit_lines_year ON benefit_lines (fiscal_year, proposal_id, benefit_type, measure, until_at, from_at, amount_pence)',
    'CREATE INDEX benefit_year_totals_year ON benefit_year_totals (fiscal_year)',
  ];
}
