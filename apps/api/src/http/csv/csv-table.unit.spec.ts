import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { csvColumns, csvTable, inWords, renderCsv } from './csv-table';

interface Row {
  readonly name: string | null;
  readonly amount: string | null;
  readonly score: number | null;
  readonly at: string | null;
}

const TABLE = csvTable<readonly Row[], Row>({
  filename: () => 'rows',
  rows: (rows) => rows,
  columns: csvColumns<Row>([
    { header: 'Name', kind: 'text', value: (row) => row.name },
    { header: 'Amount (£)', kind: 'money', value: (row) => row.amount },
    { header: 'Score', kind: 'number', value: (row) => row.score },
    { header: 'Date', kind: 'date', value: (row) => row.at },
  ]),
});

const aRow = (overrides: Partial<Row> = {}): Row => ({
  name: 'Cyngor Sir Ynys Môn',
  amount: '1250000.00',
  score: 72.5,
  at: '2026-11-28T09:30:00.123Z',
  ...overrides,
});

function cellsOf(text: string): string[][] {
  return parse(text, { bom: true }) as string[][];
}

describe('renderCsv', () => {
  it('starts with a byte-order mark and the headers, and ends every record with CRLF', () => {
    const text = renderCsv(TABLE, [aRow()]);
    expect(text.startsWith('\ufeffName,Amount (£),Score,Date\r\n')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(3);
  });

  it.each([
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['+44 20', "'+44 20"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ['a = b', 'a = b'],
    ["'quoted", "'quoted"],
    ['ŵ', 'ŵ'],
  ])('neutralises the text %j as %j', (name, expected) => {
    expect(cellsOf(renderCsv(TABLE, [aRow({ name })]))[1][0]).toBe(expected);
  });

  it('writes money as a plain number with two decimals, negatives unneutralised', () => {
    const amounts = ['15000', '125000.5', '0.00', '-91980.28', '-12.3'];
    const cells = cellsOf(
      renderCsv(
        TABLE,
        amounts.map((amount) => aRow({ amount })),
      ),
    );
    expect(cells.slice(1).map((row) => row[1])).toEqual([
      '15000.00',
      '125000.50',
      '0.00',
      '-91980.28',
      '-12.30',
    ]);
  });

  it('refuses to write a money or number column that holds something else', () => {
    expect(() => renderCsv(TABLE, [aRow({ amount: '=1+1' })])).toThrow(/not money/);
    expect(() => renderCsv(TABLE, [aRow({ amount: '£12.00' })])).toThrow(/not money/);
    expect(() => renderCsv(TABLE, [aRow({ score: Number.NaN })])).toThrow(/not a number/);
    expect(() => renderCsv(TABLE, [aRow({ at: 'yesterday' })])).toThrow(/not a date/);
  });

  it('writes the day in Europe/London: an instant late on a summer evening is the next day', () => {
    const dates = ['2026-06-30T23:30:00.000Z', '2026-12-31T23:30:00.000Z', '2027-01-05'];
    const cells = cellsOf(
      renderCsv(
        TABLE,
        dates.map((at) => aRow({ at })),
      ),
    );
    expect(cells.slice(1).map((row) => row[3])).toEqual(['2026-07-01', '2026-12-31', '2027-01-05']);
  });

  it('writes every instant as its day in Europe/London, as Intl reckons it', () => {
    const london = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    const instants = fc.date({
      min: new Date('1990-01-01T00:00:00.000Z'),
      max: new Date('2100-12-31T23:59:59.999Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(fc.array(instants, { minLength: 1, maxLength: 20 }), (dates) => {
        const cells = cellsOf(
          renderCsv(
            TABLE,
            dates.map((at) => aRow({ at: at.toISOString() })),
          ),
        );
        dates.forEach((at, index) => {
          const [day, month, year] = london.format(at).split('/');
          expect(cells[index + 1][3]).toBe(`${year}-${month}-${day}`);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('leaves a null cell empty', () => {
    const cells = cellsOf(
      renderCsv(TABLE, [aRow({ name: null, amount: null, score: null, at: null })]),
    );
    expect(cells[1]).toEqual(['', '', '', '']);
  });

  it('reads back every text cell as written, unless it would start a formula', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 5 }), (names) => {
        const cells = cellsOf(
          renderCsv(
            TABLE,
            names.map((name) => aRow({ name })),
          ),
        );
        expect(cells).toHaveLength(names.length + 1);
        names.forEach((name, index) => {
          expect(cells[index + 1][0]).toBe(/^[=+\-@\t\r]/.test(name) ? `'${name}` : name);
        });
      }),
    );
  });
});

describe('inWords', () => {
  it('reads a code as words', () => {
    expect(inWords('digital-service')).toBe('Digital service');
    expect(inWords('approved')).toBe('Approved');
  });
});
