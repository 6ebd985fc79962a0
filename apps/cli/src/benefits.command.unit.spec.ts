import { parse } from 'csv-parse/sync';
import { summariseBenefits, type BenefitSum } from '@ledger/read-models';
import { benefitsCsv, benefitsTable } from './benefits.command';

const sum = (overrides: Partial<BenefitSum>): BenefitSum => ({
  proposalId: 'p-1',
  title: '=HYPERLINK("http://x")',
  department: 'Cyngor Sir Ynys Môn ŵ',
  benefitType: 'cash-releasing',
  measure: 'forecast',
  pence: 125_000_000n,
  ...overrides,
});

describe('the benefits CLI output', () => {
  const benefits = summariseBenefits('2026-27', '2027-01-01T00:00:00.000Z', [
    sum({}),
    sum({ measure: 'evidenced', pence: 100_000_000n }),
    sum({ measure: 'validated', pence: 100_000_000n }),
  ]);

  it('writes CSV a real parser reads back: money plain, formulas neutralised, Welsh intact', () => {
    const csv = benefitsCsv(benefits);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows: string[][] = parse(csv.slice(1));
    expect(rows[0][0]).toBe('Proposal id');
    expect(rows[1]).toEqual([
      'p-1',
      `'=HYPERLINK("http://x")`,
      'Cyngor Sir Ynys Môn ŵ',
      '1250000.00',
      '0.00',
      '0.00',
      '1000000.00',
      '0.00',
      '0.00',
      '1000000.00',
      '0.00',
      '0.00',
      '0.8000',
      'no',
    ]);
    expect(rows[2].slice(1, 4)).toEqual(['Total', '', '1250000.00']);
  });

  it('shows pounds with thousands separators in its table', () => {
    const text = benefitsTable(benefits);
    expect(text).toContain('£1,250,000.00');
    expect(text).toContain('80.0%');
  });
});
