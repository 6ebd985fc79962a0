// Tab and carriage return are on the list because some spreadsheets strip them before reading the
// rest of the cell, which may then be a formula.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * OWASP's rule against CSV injection, the one rule every CSV this ledger writes follows: a text cell
 * a spreadsheet would run as a formula (it begins with = + - @, a tab or a carriage return) gets a
 * leading apostrophe, so it opens as the text it is. Only for text people typed: numbers the ledger
 * formats itself (a negative NPV) are written as they are.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
