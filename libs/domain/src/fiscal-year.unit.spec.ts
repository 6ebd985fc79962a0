import { InvalidFiscalYear } from './domain.errors';
import { FiscalYear } from './fiscal-year';

describe('FiscalYear', () => {
  it('parses a year written "2026-27" and prints it back', () => {
    expect(FiscalYear.parse('2026-27').toString()).toBe('2026-27');
    expect(FiscalYear.parse('2026-27').startYear).toBe(2026);
  });

  it('rolls the second part over at the century', () => {
    expect(FiscalYear.parse('2099-00').toString()).toBe('2099-00');
    expect(FiscalYear.parse('2098-99').next().toString()).toBe('2099-00');
    expect(FiscalYear.parse('2099-00').next().toString()).toBe('2100-01');
    expect(FiscalYear.parse('2099-00').end()).toBe('2100-03-31');
  });

  it.each([
    '2026-28',
    '2026-26',
    '2026/27',
    '26-27',
    '2026-2027',
    '2099-100',
    '2099-01',
    '',
    ' 2026-27',
    '0999-00',
  ])('refuses %j', (input) => {
    expect(() => FiscalYear.parse(input)).toThrow(InvalidFiscalYear);
    expect(FiscalYear.isValid(input)).toBe(false);
  });

  it('runs from 1 April to 31 March', () => {
    const year = FiscalYear.parse('2026-27');
    expect(year.start()).toBe('2026-04-01');
    expect(year.end()).toBe('2027-03-31');
  });

  it.each([
    ['2026-04-01', '2026-27'],
    ['2027-03-31', '2026-27'],
    ['2027-04-01', '2027-28'],
    ['2027-01-01', '2026-27'],
    ['2100-02-28', '2099-00'],
  ])('places the date %s in %s', (date, year) => {
    expect(FiscalYear.containing(date).toString()).toBe(year);
  });

  it('places an instant by its UK date, where British Summer Time turns the year at 23:00 UTC on 31 March', () => {
    expect(FiscalYear.containing('2027-03-31T22:59:59.999Z').toString()).toBe('2026-27');
    expect(FiscalYear.containing('2027-03-31T23:00:00.000Z').toString()).toBe('2027-28');
    expect(FiscalYear.containing('2027-01-01T00:00:00.000Z').toString()).toBe('2026-27');
    expect(FiscalYear.containing('2026-12-31T23:30:00.000Z').toString()).toBe('2026-27');
  });

  it('refuses to place something that is not a date', () => {
    expect(() => FiscalYear.containing('2027-02-30')).toThrow(RangeError);
    expect(() => FiscalYear.containing('yesterday')).toThrow(RangeError);
  });

  it('orders years', () => {
    const year = FiscalYear.parse('2026-27');
    expect(year.compare(year.next())).toBe(-1);
    expect(year.next().previous().equals(year)).toBe(true);
    expect(year.contains('2026-06-30')).toBe(true);
  });
});
