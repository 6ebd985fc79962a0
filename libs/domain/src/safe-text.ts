/**
 * Text people type ends up in board papers, exports and other people's screens, so characters that
 * can hide or disguise what it says are refused when a command brings them: control characters
 * (which a terminal, a CSV reader or a log may act on), bidirectional overrides and isolates (which
 * show text in another order than it is stored, "Trojan Source"), and lone surrogates (half a
 * character, which no encoder can write out). Tab, line feed and CR LF (what a browser's textarea
 * sends) stay. Events already recorded are read as they are: this applies to new commands only.
 *
 * One pattern per kind of text, compiled once: this runs on every text field of every command.
 */
const UNSAFE_IN_TEXT =
  // eslint-disable-next-line no-control-regex -- the control characters are what it must find
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|\r(?!\n)/;

/** A name or other one-line text: no line breaks or tabs either. */
const UNSAFE_IN_LINE =
  // eslint-disable-next-line no-control-regex -- the control characters are what it must find
  /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/**
 * Lone surrogates are found by the engine's own check (a one-byte string is well formed at no cost;
 * a pattern with look-behind was five times slower on text with emoji); this pattern only says where.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `String.prototype.isWellFormed` (ES2024; Node 20 has it), absent from the ES2023 library types. */
type WellFormedCheck = { isWellFormed(): boolean };

export type TextKind = 'multiline' | 'single-line';

/**
 * What is wrong with a text, as the end of a sentence that starts with the field's name (`must not
 * contain a control character (U+0007 at character 3)`), or null when it is safe. The text itself is
 * never quoted back: the character is named by its code point.
 */
export function unsafeTextFault(text: string, kind: TextKind = 'multiline'): string | null {
  const found =
    (kind === 'multiline' ? UNSAFE_IN_TEXT : UNSAFE_IN_LINE).exec(text) ??
    ((text as unknown as WellFormedCheck).isWellFormed() ? null : LONE_SURROGATE.exec(text));
  if (found === null) return null;
  const unit = found[0].charCodeAt(0);
  const where = `U+${unit.toString(16).toUpperCase().padStart(4, '0')} at character ${found.index + 1}`;
  return `must not contain ${describeUnit(unit, kind)} (${where})`;
}

function describeUnit(unit: number, kind: TextKind): string {
  if (unit >= 0xd800 && unit <= 0xdfff) return 'a lone surrogate (half of a character)';
  if ((unit >= 0x202a && unit <= 0x202e) || (unit >= 0x2066 && unit <= 0x2069))
    return 'a bidirectional override or isolate';
  if (unit === 0x0d && kind === 'multiline')
    return 'a carriage return that is not followed by a line feed';
  if (kind === 'single-line' && (unit === 0x09 || unit === 0x0a || unit === 0x0d))
    return 'a line break or tab';
  return 'a control character';
}
