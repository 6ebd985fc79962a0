import fc from 'fast-check';
import { pounds, table } from './readable';

describe('pounds', () => {
  it.each([
    ['250000.00', '£250,000.00'],
    ['1250000', '£1,250,000.00'],
    ['999999999999.99', '£999,999,999,999.99'],
    ['0.5', '£0.50'],
    ['100', '£100.00'],
    ['1000', '£1,000.00'],
    ['-12345.6', '-£12,345.60'],
  ])('writes %s as %s', (amount, written) => {
    expect(pounds(amount)).toBe(written);
  });

  it('refuses what is not a decimal amount rather than printing something wrong', () => {
    expect(() => pounds('1e6')).toThrow(RangeError);
    expect(() => pounds('£5')).toThrow(RangeError);
  });

  it('reads back as the same number for any amount in pence', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 99_999_999_999_999n }), (pence) => {
        const plain = `${pence / 100n}.${(pence % 100n).toString().padStart(2, '0')}`;
        const written = pounds(plain);
        expect(written).toMatch(/^£\d{1,3}(,\d{3})*\.\d{2}$/);
        expect(written.replace(/[£,]/g, '')).toBe(plain);
      }),
    );
  });
});

describe('table', () => {
  it('pads each column to its widest cell, numbers to the right', () => {
    expect(
      table(
        ['status', 'count', 'capital'],
        [
          ['submitted', '1', '£300,000.00'],
          ['approved', '12', '£0.00'],
        ],
        new Set([1, 2]),
      ),
    ).toEqual([
      'status     count      capital',
      'submitted      1  £300,000.00',
      'approved      12        £0.00',
    ]);
  });
});
