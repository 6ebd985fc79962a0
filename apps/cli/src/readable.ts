const AMOUNT = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/**
 * A decimal amount as people read it in a sentence or a table, "£1,250,000.00". `--json` output
 * keeps the plain decimal string ("1250000.00") that programs parse.
 */
export function pounds(amount: string): string {
  const match = AMOUNT.exec(amount);
  if (!match) throw new RangeError(`not a decimal amount of pounds: "${amount}"`);
  const [, sign, whole, fraction = ''] = match;
  const grouped = whole.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+$)/g, ',');
  return `${sign}£${grouped}.${fraction.padEnd(2, '0')}`;
}

/** Columns padded to their widest cell; `right` lists the columns aligned right (numbers). */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  right: ReadonlySet<number> = new Set(),
): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        right.has(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]),
      )
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** Names and texts come from tokens and requests: a control character in one must not drive the terminal. */
export function printable(text: string): string {
  return Array.from(text, (char) => {
    const code = char.codePointAt(0)!;
    return code < 0x20 || (code >= 0x7f && code < 0xa0) ? '?' : char;
  }).join('');
}
