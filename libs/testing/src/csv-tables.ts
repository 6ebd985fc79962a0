import { parse } from 'csv-parse/sync';
import type request from 'supertest';
import type { Response } from 'supertest';
import { people, type Person } from './governance-fixtures';

const CSV = 'text/csv';
/** The UTF-8 byte order mark a CSV answer starts with, so Excel reads it as UTF-8. */
export const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Text a spreadsheet would run as a formula, unless the CSV neutralises it. */
export const INJECTED_TITLE = '=HYPERLINK("http://x")';
/** Welsh, with its circumflexed letters and quotes, which the CSV must keep as written in UTF-8. */
export const WELSH_COUNCIL = 'Cyngor Sir Ynys Môn';
export const WELSH_TITLE = 'Gwasanaeth cwsmeriaid ar-lein: ŵ, ŷ, a "dyfyniadau"';

export type JsonItem = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A column of a CSV answer: its header, and the cell it must hold for a JSON item. */
export type CsvColumns = [string, (item: JsonItem) => string][];

/** A CSV answer as a spreadsheet would read it: the header row and the rows under it. */
export interface CsvTable {
  readonly bytes: Buffer;
  readonly text: string;
  readonly headers: string[];
  readonly rows: string[][];
  readonly response: Response;
}

/** supertest buffers only the content types it knows: a CSV is kept as the bytes sent, JSON parsed. */
function bytesOrJson(
  response: Response,
  callback: (error: Error | null, body: unknown) => void,
): void {
  const stream = response as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => {
    const bytes = Buffer.concat(chunks);
    const json = /json/.test(String(response.headers['content-type']));
    callback(null, json ? JSON.parse(bytes.toString('utf8')) : bytes);
  });
}

/** Reads a CSV answer (fetched with `bytesOrJson`) with a real CSV parser. */
function tableOf(response: Response): CsvTable {
  const bytes = response.body as Buffer;
  const text = bytes.toString('utf8');
  const [headers, ...rows] = parse(text, { bom: true }) as string[][];
  return { bytes, text, headers, rows, response };
}

const LONDON_DAY = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** How the CSV must write each JSON value: the tests' own statement of the format, not the code's. */
export const csvCell = {
  text: (value: string | null) =>
    value === null ? '' : /^[=+\-@\t\r]/.test(value) ? `'${value}` : value,
  money: (value: string | null) => value ?? '',
  number: (value: number | null) => (value === null ? '' : String(value)),
  yesNo: (value: boolean) => (value ? 'Yes' : 'No'),
  words: (code: string) => code.charAt(0).toUpperCase() + code.slice(1).replace(/-/g, ' '),
  day: (instant: string | null) => {
    if (instant === null) return '';
    const [day, month, year] = LONDON_DAY.format(new Date(instant)).split('/');
    return `${year}-${month}-${day}`;
  },
};

/** The table holds exactly the columns, and a row per item with each cell as the column says. */
export function expectCellsOf(table: CsvTable, items: JsonItem[], columns: CsvColumns): void {
  expect(table.headers).toEqual(columns.map(([header]) => header));
  expect(table.rows).toEqual(items.map((item) => columns.map(([, of]) => of(item))));
}

export interface CsvReaderOptions {
  readonly http: () => ReturnType<typeof request>;
  readonly bearer: (person: Person) => Promise<string>;
  /** The position reads wait for (X-Min-Position). */
  readonly minPosition: () => number;
}

/** GETs under /api/v1 that read an answer both ways, as JSON and as CSV, for comparing them. */
export function csvReader({ http, bearer, minPosition }: CsvReaderOptions) {
  async function get(path: string, person: Person | null = people.auditor, accept?: string) {
    const call = http().get(`/api/v1${path}`).set('X-Min-Position', String(minPosition()));
    if (person !== null) call.set('Authorization', await bearer(person));
    if (accept !== undefined) call.set('Accept', accept);
    return call.buffer(true).parse(bytesOrJson);
  }

  return {
    get,

    /** The JSON answer, which must be a 200. */
    async json(path: string, person: Person = people.auditor): Promise<Response> {
      const response = await get(path, person);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      return response;
    },

    /** The CSV answer, which must be a 200 in UTF-8 that varies by Accept. */
    async csv(path: string, person: Person = people.auditor, accept = CSV): Promise<CsvTable> {
      const response = await get(path, person, accept);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers.vary).toMatch(/\bAccept\b/);
      return tableOf(response);
    },

    /** A request for CSV that should be refused, read as supertest reads any answer, for expectProblem. */
    async refused(path: string, person: Person | null = people.auditor) {
      const call = http().get(`/api/v1${path}`).set('Accept', CSV);
      return person === null ? call : call.set('Authorization', await bearer(person));
    },
  };
}
