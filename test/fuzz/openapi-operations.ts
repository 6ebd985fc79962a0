import fc from 'fast-check';

/** The parts of an OpenAPI 3 document the fuzzer reads. */
export interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  pattern?: string;
  nullable?: boolean;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  example?: unknown;
  schema?: Schema;
}

interface RawOperation {
  operationId?: string;
  tags?: string[];
  security?: Record<string, unknown>[];
  parameters?: Parameter[];
  requestBody?: {
    required?: boolean;
    content: Record<
      string,
      { schema?: Schema; example?: unknown; examples?: Record<string, { value: unknown }> }
    >;
  };
  responses: Record<string, unknown>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, RawOperation>>;
  components: { schemas: Record<string, Schema> };
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One route of the document, with everything the generators need already resolved. */
export interface Operation {
  readonly id: string;
  readonly method: Method;
  readonly template: string;
  readonly secured: boolean;
  readonly pathParams: readonly Parameter[];
  readonly queryParams: readonly Parameter[];
  readonly headerParams: readonly string[];
  /** The JSON body schema, resolved; null when the route takes no body. */
  readonly body: Schema | null;
  /** Bodies the document itself gives as examples: the likeliest to be valid. */
  readonly examples: readonly unknown[];
  readonly documentedStatuses: readonly string[];
}

export const isWrite = (operation: Operation) => operation.method !== 'GET';

/** Resolves `$ref`s (and merges `allOf`) so generators see plain schemas. */
function resolver(document: OpenApiDocument) {
  const resolve = (schema: Schema, depth = 0): Schema => {
    if (depth > 20) return {};
    if (schema.$ref)
      return resolve(document.components.schemas[schema.$ref.split('/').pop()!] ?? {}, depth + 1);
    const out: Schema = { ...schema };
    if (schema.allOf) {
      const parts = schema.allOf.map((part) => resolve(part, depth + 1));
      out.properties = Object.assign({}, ...parts.map((part) => part.properties ?? {}));
      out.required = parts.flatMap((part) => part.required ?? []);
      out.type = 'object';
      delete out.allOf;
    }
    if (out.properties)
      out.properties = Object.fromEntries(
        Object.entries(out.properties).map(([name, inner]) => [name, resolve(inner, depth + 1)]),
      );
    if (out.items) out.items = resolve(out.items, depth + 1);
    if (out.oneOf) out.oneOf = out.oneOf.map((inner) => resolve(inner, depth + 1));
    return out;
  };
  return resolve;
}

/** Every operation under the API prefix and the operations routes, as the running app documents them. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  const resolve = resolver(document);
  return Object.entries(document.paths).flatMap(([template, operations]) =>
    Object.entries(operations)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, raw]) => {
        const json = raw.requestBody?.content['application/json'];
        const examples = json?.examples
          ? Object.values(json.examples).map((example) => example.value)
          : json?.example !== undefined
            ? [json.example]
            : [];
        const parameters = raw.parameters ?? [];
        return {
          id: raw.operationId ?? `${method} ${template}`,
          method: method.toUpperCase() as Method,
          template,
          secured: (raw.security ?? []).length > 0,
          pathParams: parameters.filter((parameter) => parameter.in === 'path'),
          queryParams: parameters.filter((parameter) => parameter.in === 'query'),
          headerParams: parameters
            .filter((parameter) => parameter.in === 'header')
            .map((parameter) => parameter.name),
          body: json?.schema ? resolve(json.schema) : null,
          examples,
          documentedStatuses: Object.keys(raw.responses),
        };
      }),
  );
}

const MONEY_PATTERN = /\\d\{0,11\}/;
const FISCAL_YEAR_PATTERN = /^\^\\d\{4\}-\\d\{2\}\$$/;
const ISO_TIME = /ISO 8601|timestamp|instant/i;

/** A value the schema accepts, preferring the document's own example. */
export function validValue(schema: Schema): fc.Arbitrary<unknown> {
  const choices: fc.Arbitrary<unknown>[] = [];
  if (schema.example !== undefined) choices.push(fc.constant(schema.example));
  if (schema.enum && schema.enum.length > 0) choices.push(fc.constantFrom(...schema.enum));
  else if (schema.oneOf && schema.oneOf.length > 0)
    choices.push(fc.oneof(...schema.oneOf.map(validValue)));
  else if (schema.type === 'object' || schema.properties) choices.push(validObject(schema));
  else if (schema.type === 'array')
    choices.push(
      fc.array(validValue(schema.items ?? { type: 'string' }), { minLength: 1, maxLength: 3 }),
    );
  else if (schema.type === 'integer' || schema.type === 'number') {
    const min = schema.minimum ?? 0;
    const max = schema.maximum ?? Math.max(min, 1000);
    choices.push(fc.integer({ min: Math.ceil(min), max: Math.floor(max) }));
  } else if (schema.type === 'boolean') choices.push(fc.boolean());
  else if (schema.pattern && MONEY_PATTERN.test(schema.pattern))
    choices.push(fc.constantFrom('0', '0.01', '1500', '125000.00', '999999999999.99'));
  else if (schema.pattern && FISCAL_YEAR_PATTERN.test(schema.pattern))
    choices.push(fc.constantFrom('2026-27', '2027-28', '2025-26'));
  else if (schema.type === 'string' || schema.type === undefined)
    choices.push(
      fc
        .string({ minLength: 1, maxLength: Math.min(schema.maxLength ?? 40, 40) })
        .filter((text) => text.trim().length > 0),
    );
  if (schema.nullable) choices.push(fc.constant(null));
  return choices.length === 1 ? choices[0] : fc.oneof(...choices);
}

function validObject(schema: Schema): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) model[name] = validValue(property);
  return fc.record(model, {
    requiredKeys: Object.keys(properties).filter((name) => required.has(name)),
  });
}

/** A value for a query parameter the document describes: mostly plausible, as text. */
export function queryValue(parameter: Parameter): fc.Arbitrary<string> {
  const schema = parameter.schema ?? {};
  const description = (parameter as { description?: string }).description ?? '';
  if (schema.enum) return fc.constantFrom(...schema.enum.map(String));
  if (/fiscalYear/.test(parameter.name)) return fc.constantFrom('2026-27', '2027-28', '2025-26');
  if (/^asOf$|^from$|^to$/.test(parameter.name) || ISO_TIME.test(description))
    return fc.constantFrom(
      new Date().toISOString(),
      '2026-01-01T00:00:00.000Z',
      new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
      new Date().toISOString().slice(0, 10),
    );
  if (/budget|amount/i.test(parameter.name))
    return fc.constantFrom('0', '100000.00', '1500000.00', '999999999999.99');
  if (
    schema.type === 'integer' ||
    schema.type === 'number' ||
    /limit|after|position|steps/i.test(parameter.name)
  )
    return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 50 }).map(String);
  if (schema.type === 'boolean' || /^ready$/.test(parameter.name))
    return fc.constantFrom('true', 'false');
  if (parameter.name === 'hash') return fc.constantFrom('0'.repeat(64), 'a'.repeat(64));
  if (parameter.name === 'format') return fc.constantFrom('jsonl', 'csv');
  if (schema.example !== undefined) return fc.constant(String(schema.example));
  return fc.string({ maxLength: 20 });
}
