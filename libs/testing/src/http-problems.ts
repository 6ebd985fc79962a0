import type { Response } from 'supertest';

const STACK_TRACE: readonly RegExp[] = [
  /\n\s+at\s/,
  /\bat\s+\S+\s+\((?:\/|[A-Za-z]:\\|node:)[^)]*:\d+/,
  /\bat\s+(?:\/|node:)\S+:\d+:\d+/,
  /node_modules/,
  /\.ts:/,
  /\.js:\d+:\d+/,
  /"stack"\s*:/,
];

const SQL_TEXT: readonly RegExp[] = [
  /SELECT\s/,
  /INSERT INTO/,
  /UPDATE\s+"?\w+"?\s+SET\s/,
  /DELETE FROM/,
  /syntax error/i,
  /SQLITE_/,
  /relation "/,
  /QueryFailedError/,
  /invalid input syntax/,
  /out of range for type/,
  /unsupported Unicode escape/,
  /violates \w+ constraint/,
  /duplicate key value/,
];

function encodings(sent: string): string[] {
  const forms = [sent, JSON.stringify(sent).slice(1, -1)];
  try {
    forms.push(encodeURIComponent(sent), encodeURI(sent));
  } catch {
    // A lone surrogate cannot be percent-encoded, so the server cannot have echoed it that way.
  }
  return forms.filter((form) => form.length >= 3);
}

/**
 * Which internals a response text gives away. What the client sent is removed first, so a 404 that
 * echoes an injection-shaped path is not mistaken for a leaked SQL statement. `stack-only` is for
 * successful reads, whose data may rightly hold SQL-shaped text that an earlier request recorded.
 */
export function internalsRevealed(
  text: string,
  sent: readonly string[] = [],
  look: 'all' | 'stack-only' = 'all',
): string[] {
  let rest = text;
  const forms = sent.flatMap(encodings).sort((a, b) => b.length - a.length);
  for (const form of forms) rest = rest.split(form).join('');
  return [...STACK_TRACE, ...(look === 'all' ? SQL_TEXT : [])]
    .filter((pattern) => pattern.test(rest))
    .map((pattern) => pattern.source);
}

/** Every string inside a JSON-like value, so they can be discounted as echoes. */
export function stringsIn(value: unknown): string[] {
  const found: string[] = [];
  // A stack rather than recursion: hostile bodies nest deeper than the call stack allows.
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') found.push(next);
    else if (Array.isArray(next)) pending.push(...next);
    else if (next !== null && typeof next === 'object') {
      for (const [key, inner] of Object.entries(next)) {
        found.push(key);
        pending.push(inner);
      }
    }
  }
  return found;
}

/** What is wrong with an error answer as RFC 9457 problem details; empty when it is well formed. */
export function problemFaults(response: Response): string[] {
  const faults: string[] = [];
  const contentType = String(response.headers['content-type'] ?? '');
  if (!/^application\/problem\+json/.test(contentType))
    faults.push(`content-type is "${contentType}", not application/problem+json`);
  let body: Record<string, unknown> | null = null;
  try {
    body = JSON.parse(response.text) as Record<string, unknown>;
  } catch {
    faults.push(`body is not JSON: ${response.text.slice(0, 200)}`);
  }
  if (body !== null && typeof body === 'object') {
    for (const field of ['type', 'title', 'detail'] as const) {
      if (typeof body[field] !== 'string' || body[field] === '')
        faults.push(`${field} is ${JSON.stringify(body[field])}`);
    }
    if (body.status !== response.status)
      faults.push(`status field ${JSON.stringify(body.status)} differs from ${response.status}`);
  }
  return faults;
}

/** A refusal with the given status, as problem+json whose type ends with the given code. */
export function expectProblem(response: Response, status: number, code?: string | RegExp): void {
  expect({
    status: response.status,
    type: response.body?.type,
    faults: problemFaults(response),
    leaks: internalsRevealed(response.text),
  }).toEqual({
    status,
    type:
      code === undefined
        ? expect.any(String)
        : expect.stringMatching(typeof code === 'string' ? new RegExp(`/${code}$`) : code),
    faults: [],
    leaks: [],
  });
}

/** The fields a validation refusal names in its `errors`, in order. */
export function problemFields(response: Response): string[] {
  return ((response.body?.errors ?? []) as { field: string }[]).map((error) => error.field);
}
