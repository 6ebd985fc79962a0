export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

interface Preference {
  readonly q: number;
  /** 2 for type/subtype, 1 for type/*, 0 for * / *: the most specific range decides (RFC 9110). */
  readonly specificity: number;
  /** Position in the header: breaks a tie between equally preferred types, first listed wins. */
  readonly order: number;
}

const NOT_ACCEPTABLE: Preference = { q: 0, specificity: -1, order: Infinity };

/**
 * Whether the Accept header prefers `text/csv` to `application/json`, by q-value, then by the more
 * specific range, then by the order listed. JSON wins a full tie (no header, `* / *`), and a header
 * that names neither leaves the answer JSON as before.
 */
export function prefersCsv(accept: string | string[] | undefined): boolean {
  const header = Array.isArray(accept) ? accept.join(',') : (accept ?? '');
  if (!/csv|text\/\*/i.test(header)) return false;
  const ranges = parseAccept(header);
  const csv = preferenceFor('text', 'csv', ranges);
  const json = preferenceFor('application', 'json', ranges);
  if (csv.q <= 0) return false;
  if (csv.q !== json.q) return csv.q > json.q;
  if (csv.specificity !== json.specificity) return csv.specificity > json.specificity;
  return csv.order < json.order;
}

interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly q: number;
}

function parseAccept(header: string): MediaRange[] {
  return header.split(',').flatMap((part) => {
    const [range, ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const [type, subtype] = range.split('/');
    if (!type || !subtype) return [];
    const qParameter = parameters.find((parameter) => /^q\s*=/.test(parameter));
    const q = qParameter === undefined ? 1 : Number(qParameter.replace(/^q\s*=\s*/, ''));
    return Number.isFinite(q) && q >= 0 && q <= 1 ? [{ type, subtype, q }] : [];
  });
}

function preferenceFor(type: string, subtype: string, ranges: readonly MediaRange[]): Preference {
  let best = NOT_ACCEPTABLE;
  ranges.forEach((range, order) => {
    const specificity =
      range.type === type && range.subtype === subtype
        ? 2
        : range.type === type && range.subtype === '*'
          ? 1
          : range.type === '*' && range.subtype === '*'
            ? 0
            : -1;
    if (specificity > best.specificity) best = { q: range.q, specificity, order };
  });
  return best;
}
