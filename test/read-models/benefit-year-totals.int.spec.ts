import { openDatabase, type LedgerDatabase } from '@ledger/platform';
import {
  READ_MODEL_MIGRATIONS,
  ReadModelDatabase,
  benefitAmountsOfYear,
  benefitRegisterProjection,
  sumLines,
  summariseBenefitAmounts,
  summariseBenefits,
  type BenefitLine,
  type BenefitRegisterRow,
} from '@ledger/read-models';
import { createTestDatabase, databaseKindsUnderTest, type TestDatabase } from '@ledger/testing';

const T = (minute: number) => `2027-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`;

function line(
  lineId: string,
  fiscalYear: string,
  benefitType: BenefitLine['benefitType'],
  measure: BenefitLine['measure'],
  pence: bigint,
  from: number,
  until: number | null = null,
): BenefitLine {
  return {
    lineId,
    fiscalYear,
    benefitType,
    measure,
    amountPence: pence,
    from: T(from),
    until: until === null ? null : T(until),
  };
}

function row(proposalId: string, department: string, lines: BenefitLine[]): BenefitRegisterRow {
  return {
    proposalId,
    title: `Title of ${proposalId}`,
    department,
    benefitPlan: [],
    approvedAt: T(1),
    lines,
    version: 1,
    lastPosition: 1,
  };
}

// Forecasts over years, a rejected piece of evidence, v1 records, a year with nothing still true,
// and an approved proposal without lines: every way a year's totals row can appear or not.
const ROWS: BenefitRegisterRow[] = [
  row('p-1', 'Housing', [
    line('forecast:a:2026-27', '2026-27', 'cash-releasing', 'forecast', 1_000_000n, 1),
    line('forecast:a:2027-28', '2027-28', 'cash-releasing', 'forecast', 2_000_000n, 1),
    line('forecast:b:2027-28', '2027-28', 'non-cash-releasing', 'forecast', 500_000n, 1),
    line('forecast:c:2026-27', '2026-27', 'societal', 'forecast', 123_45n, 1),
    line('evidenced:e1', '2026-27', 'cash-releasing', 'evidenced', 900_000n, 2, 3),
    line('evidenced:e2', '2026-27', 'cash-releasing', 'evidenced', 800_000n, 4),
    line('validated:e2', '2026-27', 'cash-releasing', 'validated', 800_000n, 5),
  ]),
  row('p-2', 'Waste', [
    line('v1:9:evidenced:cash', '2026-27', 'cash-releasing', 'evidenced', 150_050n, 6),
    line('v1:9:evidenced:non-cash', '2026-27', 'non-cash-releasing', 'evidenced', 20_000n, 6),
    line('v1:9:validated:cash', '2026-27', 'cash-releasing', 'validated', 150_050n, 6),
    line('v1:9:validated:non-cash', '2026-27', 'non-cash-releasing', 'validated', 20_000n, 6),
    line('evidenced:e3', '2028-29', 'societal', 'evidenced', 7n, 7, 8),
  ]),
  row('p-3', 'Housing', []),
];
const YEARS = ['2026-27', '2027-28', '2028-29'];

describe.each(databaseKindsUnderTest)('the benefit year totals (%s)', (kind) => {
  let testDatabase: TestDatabase;
  let database: LedgerDatabase;
  let readModels: ReadModelDatabase;

  beforeEach(async () => {
    testDatabase = await createTestDatabase(kind);
    database = await openDatabase(testDatabase);
    readModels = new ReadModelDatabase(database.dataSource, database.eventStore);
    await readModels.transaction((sql) =>
      benefitRegisterProjection.save(sql, new Map(ROWS.map((r) => [r.proposalId, r])), ''),
    );
  });

  afterEach(async () => {
    await database.close();
    await testDatabase.drop();
  });

  const totals = () =>
    readModels.query('SELECT * FROM benefit_year_totals ORDER BY proposal_id, fiscal_year');

  it('hold one row per proposal and year with a line still true, as the migration backfills them', async () => {
    const saved = await totals();
    expect(saved.map((r) => `${String(r.proposal_id)} ${String(r.fiscal_year)}`)).toEqual([
      'p-1 2026-27',
      'p-1 2027-28',
      'p-2 2026-27',
    ]);
    expect(saved[0]).toMatchObject({ title: 'Title of p-1', department: 'Housing' });
    expect(String(saved[0].evidenced_cash_pence)).toBe('800000');
    expect(String(saved[0].forecast_societal_pence)).toBe('12345');
    // A database migrated before the table existed gets the same rows from its lines.
    const migration = READ_MODEL_MIGRATIONS[kind].find((m) => /BenefitYearTotals/.test(m.name))!;
    const runner = database.dataSource.createQueryRunner();
    try {
      await new migration().down(runner);
      await new migration().up(runner);
    } finally {
      await runner.release();
    }
    expect(await totals()).toEqual(saved);
  });

  it('answer now what the lines answer as of any later time, and what a replay in memory answers', async () => {
    for (const year of YEARS) {
      const now = summariseBenefitAmounts(year, T(0), await benefitAmountsOfYear(readModels, year));
      const later = summariseBenefitAmounts(
        year,
        T(0),
        await benefitAmountsOfYear(readModels, year, T(59)),
      );
      expect(later).toEqual(now);
      expect(summariseBenefits(year, T(0), sumLines(year, ROWS))).toEqual(now);
    }
    const asOf = async (minute: number) =>
      summariseBenefitAmounts(
        '2026-27',
        T(minute),
        await benefitAmountsOfYear(readModels, '2026-27', T(minute)),
      );
    expect(await asOf(2)).toEqual(
      summariseBenefits('2026-27', T(2), sumLines('2026-27', ROWS, T(2))),
    );
    expect((await asOf(2)).totals.evidenced.cashReleasing).toBe('9000.00');
    expect((await asOf(3)).totals.evidenced.cashReleasing).toBe('0.00');
  });
});
