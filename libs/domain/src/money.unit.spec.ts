import fc from 'fast-check';
import { InvalidMoney } from './domain.errors';
import { Money } from './money';

const pence = fc.bigInt({ min: 0n, max: Money.MAX_PENCE });

describe('Money', () => {
  it.each([
    ['15000', '15000.00'],
    ['125000.5', '125000.50'],
    ['125000.50', '125000.50'],
    ['0', '0.00'],
    ['0.01', '0.01'],
    ['999999999999.99', '999999999999.99'],
  ])('parses %s as exactly %s', (input, printed) => {
    expect(Money.parse(input).toString()).toBe(printed);
  });

  it.each([
    '1e5',
    '-1',
    '1.234',
    '',
    ' 1',
    '1 ',
    '01.5',
    '1.',
    '.5',
    '+1',
    '1,000',
    '£5',
    '1000000000000',
    'NaN',
  ])('refuses %j as an amount', (input) => {
    expect(() => Money.parse(input)).toThrow(InvalidMoney);
    expect(Money.isValid(input)).toBe(false);
  });

  it('refuses a value that is not a string at all', () => {
    expect(() => Money.parse(15000 as unknown as string)).toThrow(InvalidMoney);
    expect(() => Money.parse(1500000n as unknown as string)).toThrow(InvalidMoney);
  });

  it('reports refusals as invalid input with a stable code', () => {
    const error = (() => {
      try {
        Money.parse('1.234');
      } catch (e) {
        return e as InvalidMoney;
      }
    })();
    expect(error).toMatchObject({ code: 'invalid-money', kind: 'invalid' });
    expect(error?.message).toContain('two decimals');
  });

  it('keeps pence exact where floats would drift', () => {
    expect(Money.parse('0.1').add(Money.parse('0.2')).toString()).toBe('0.30');
  });

  it('multiplies by whole numbers only', () => {
    expect(Money.parse('2000').multiply(5).toString()).toBe('10000.00');
    expect(Money.parse('0.01').multiply(3n).toString()).toBe('0.03');
    expect(() => Money.parse('1').multiply(1.5)).toThrow(RangeError);
  });

  it('compares, detects zero and prints negative results of arithmetic', () => {
    const small = Money.parse('10');
    const large = Money.parse('10.01');
    expect(small.compare(large)).toBe(-1);
    expect(large.compare(small)).toBe(1);
    expect(small.compare(Money.parse('10.00'))).toBe(0);
    expect(small.subtract(small).isZero()).toBe(true);
    expect(small.subtract(large).toString()).toBe('-0.01');
    expect(Money.fromPence(-12345n).toString()).toBe('-123.45');
  });

  it('serialises to its decimal string in JSON', () => {
    expect(JSON.stringify({ amount: Money.parse('7.5') })).toBe('{"amount":"7.50"}');
  });

  it('round-trips every valid pence value exactly through its string form', () => {
    fc.assert(
      fc.property(pence, (value) => {
        const money = Money.fromPence(value);
        expect(Money.parse(money.toString()).pence).toBe(value);
      }),
    );
  });

  it('round-trips every valid short spelling to the same amount', () => {
    fc.assert(
      fc.property(pence, (value) => {
        const canonical = Money.fromPence(value).toString();
        const short = canonical.replace(/\.00$/, '').replace(/(\.\d)0$/, '$1');
        expect(Money.parse(short).equals(Money.fromPence(value))).toBe(true);
      }),
    );
  });

  it('undoes an addition by subtracting the same amount', () => {
    fc.assert(
      fc.property(pence, pence, (a, b) => {
        const x = Money.fromPence(a);
        const y = Money.fromPence(b);
        expect(x.add(y).subtract(y).equals(x)).toBe(true);
        expect(x.add(y).equals(y.add(x))).toBe(true);
      }),
    );
  });
});
