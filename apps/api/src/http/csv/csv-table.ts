import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula } from '@ledger/event-store';

/**
 * How a column's values are written. `text`: as given, neutralised against formulas. `money`: a
 * decimal string of pounds, written as a plain number with two decimals ("1250000.00", "-12.30"), no
 * £ or separators, so a spreadsheet sums it. `number`: as JavaScript writes it. `date`: the calendar
 * day (YYYY-MM-DD) in Europe/London of an instant, or a date as given; spreadsheets read it as a date
 * in every locale. An empty cell is null.
 */
export type CsvKind = 'text' | 'money' | 'number' | 'date';

interface Column<Row, Kind extends CsvKind, Value> {
  /** Plain English, with the unit where there is one: "Whole-life cost (£)". */
  readonly header: string;
  readonly kind: Kind;
  readonly value: (row: Row) => Value | null;
}

export type CsvColumn<Row> =
  | Column<Row, 'text', string>
  | Column<Row, 'money', string>
  | Column<Row, 'number', number>
  | Column<Row, 'date', string>;

/** A table's columns, typed against the row they read. */
export function csvColumns<Row>(columns: readonly CsvColumn<Row>[]): readonly CsvColumn<Row>[] {
  return columns;
}

/** How one JSON answer of a route reads as a CSV table; the row type is the table's own business. */
export interface CsvTable<Body> {
  readonly headers: readonly string[];
  /** The name the download is saved under, without `.csv`: "proposals-2026-27". */
  readonly filename: (body: Body, query: Readonly<Record<string, unknown>>) => string;
  readonly records: (body: Body) => string[][];
  /** A paged answer's cursor for the next page, which the CSV gives as a `Link: <…>; rel="next"`. */
  readonly nextCursor?: (body: Body) => string | null;
}

export function csvTable<Body, Row>(table: {
  readonly filename: (body: Body, query: Readonly<Record<string, unknown>>) => string;
  readonly rows: (body: Body) => readonly Row[];
  readonly columns: readonly CsvColumn<Row>[];
  readonly nextCursor?: (body: Body) => string | null;
}): CsvTable<Body> {
  return {
    headers: table.columns.map((column) => column.header),
    filename: table.filename,
    nextCursor: table.nextCursor,
    records: (body) =>
      table.rows(body).map((row) => table.columns.map((column) => cell(column, row))),
  };
}

/** RFC 4180 with a byte-order mark, so Excel opens UTF-8 (Ynys Môn, ŵ) right, and CRLF line ends. */
export function renderCsv<Body>(table: CsvTable<Body>, body: Body): string {
  return stringify([[...table.headers], ...table.records(body)], {
    bom: true,
    record_delimiter: 'windows',
  });
}

/** A yes/no column's text. */
export function yesNo(value: boolean): string {
  return value ? 'Yes' : 'No';
}

/** A code from the API's vocabulary as words: "digital-service" reads "Digital service". */
export function inWords(code: string): string {
  const words = code.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function cell<Row>(column: CsvColumn<Row>, row: Row): string {
  switch (column.kind) {
    case 'text': {
      const value = column.value(row);
      return value === null ? '' : neutraliseFormula(value);
    }
    case 'money': {
      const value = column.value(row);
      return value === null ? '' : moneyCell(value, column.header);
    }
    case 'number': {
      const value = column.value(row);
      return value === null ? '' : numberCell(value, column.header);
    }
    case 'date': {
      const value = column.value(row);
      return value === null ? '' : dateCell(value, column.header);
    }
  }
}

const MONEY = /^(-?\d+)(?:\.(\d{1,2}))?$/;

// A money or number column is written unneutralised, so it must hold nothing but a number.
function moneyCell(value: string, header: string): string {
  const match = MONEY.exec(value);
  if (!match) throw new TypeError(`The CSV column "${header}" holds "${value}", not money`);
  return `${match[1]}.${(match[2] ?? '').padEnd(2, '0')}`;
}

function numberCell(value: number, header: string): string {
  if (!Number.isFinite(value)) {
    throw new TypeError(`The CSV column "${header}" holds ${value}, not a number`);
  }
  return String(value);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const LONDON_DAY = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

function dateCell(value: string, header: string): string {
  if (DATE.test(value)) return value;
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) {
    throw new TypeError(`The CSV column "${header}" holds "${value}", not a date`);
  }
  // London is UTC or an hour ahead, and the clocks change at 01:00 UTC: before 23:00 UTC the day is
  // the same in both. Intl is exact but slow, so it is asked only for the last hour of a UTC day.
  if (instant.getUTCHours() < 23) return instant.toISOString().slice(0, 10);
  const parts = Object.fromEntries(
    LONDON_DAY.formatToParts(instant).map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
}
