import { csvField } from './export-format';

// New tokens may not carry a name with a line break (issue 21), but events recorded before that rule
// may: the CSV export must still quote such a cell whole (the e2e export test no longer makes one).
describe('csvField', () => {
  it('quotes a name recorded with a line break, doubling its quotes, as RFC 4180 says', () => {
    expect(csvField('Sam "the Fixer" Smith,\nHead of ICT')).toBe(
      '"Sam ""the Fixer"" Smith,\nHead of ICT"',
    );
    expect(csvField('Line one\r\nLine two')).toBe('"Line one\r\nLine two"');
  });

  it('neutralises a cell a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('\rcmd')).toBe(`"'\rcmd"`);
  });

  it('leaves plain text, numbers and absent values as they are', () => {
    expect(csvField('Fran Finance')).toBe('Fran Finance');
    expect(csvField(42)).toBe('42');
    expect(csvField(null)).toBe('');
  });
});
