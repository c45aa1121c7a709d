import { z } from 'zod';
import { markingText } from '../consult/index.js';
import { NATION_CODES, type Nation } from '../domain/index.js';

// The API's one schema module. Payloads are zod schemas; the JSON Schemas that Fastify validates and
// serialises with, and that /openapi.json shows, are generated from them here. Shapes used in many
// places are registered once by `$id` (`addSchema`) and referenced as `{$ref: '<id>#'}`.

/** The schemas registered by `$id`, in registration order, each with the side of it the wire carries. */
const SHARED = new Map<unknown, { id: string; io: 'input' | 'output' }>();

/**
 * Registers `schema` as shared under `id`: every payload that uses it refers to it by `$ref`. `io`:
 * which side of the schema is on the wire (`input` for a partner's signed event, as sent).
 */
export function shared<S extends z.ZodType>(id: string, schema: S, io: 'input' | 'output' = 'output'): S {
  if ([...SHARED.values()].some((s) => s.id === id))
    throw new Error(`invariant: schema id '${id}' registered twice`);
  SHARED.set(schema, { id, io });
  return schema;
}

export const nation = shared(
  'nation',
  z
    .string()
    .regex(/^[A-Z]{3}$/)
    .meta({
      description: `ISO 3166-1 alpha-3 code of a nation: ${NATION_CODES.join(', ')}`,
    }) as unknown as z.ZodType<Nation, string>,
);

/** The same instance the consultation events use, so their bodies refer to it too. */
export const marking = shared('marking', markingText);

export const isoInstant = shared(
  'isoInstant',
  z.iso.datetime().meta({ description: 'an instant, ISO 8601 in UTC, e.g. 2026-12-07T02:00:00.000Z' }),
);

/**
 * The one shape of every refusal, HTTP or WebSocket. `error` is the machine-readable reason (stable:
 * clients switch on it); `code` the HTTP status, or for a WebSocket stream the close code that follows
 * (1008); `message` a sentence naming the input and the place; `field` the offending input, when one.
 */
export const errorBody = shared(
  'error',
  z
    .object({
      error: z
        .string()
        .meta({ description: 'why, e.g. refused, bad-request, not-administrator, unknown-entry' }),
      code: z.int().meta({
        description: 'the HTTP status; on a WebSocket stream, the close code sent after this message',
      }),
      message: z.string().meta({ description: 'what was wrong, naming the input and the place' }),
      field: z
        .string()
        .optional()
        .meta({ description: 'the input the refusal is about, e.g. nation, body.marking' }),
    })
    .meta({ title: 'error' }),
);
export type ErrorBody = z.output<typeof errorBody>;

/**
 * A string the API documents as free text but whose values a TypeScript union names (a rule, a
 * refusal code): no enum in the document, so a value added later is not refused by the serialiser.
 */
export const named = <T extends string>(description: string) =>
  z.string().meta({ description }) as unknown as z.ZodType<T, string>;

/** A public source: its title, date and address (src/domain Source). */
export const source = z.object({
  title: z.string(),
  date: z.string().optional(),
  url: z.string().optional(),
});

type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/**
 * `true` only when a value of type T is a valid output of zod schema S and the other way round, so a
 * response schema and the type it serialises cannot drift (fast-json-stringify drops what a schema
 * lacks, and throws on a required field a value lacks). Use as `const x: Same<S, T> = true`.
 */
export type Same<S extends z.ZodType, T> = [DeepReadonly<T>] extends [DeepReadonly<z.output<S>>]
  ? [DeepReadonly<z.output<S>>] extends [DeepReadonly<T>]
    ? true
    : false
  : false;

/** A JSON Schema object as Fastify and @fastify/swagger take it. */
export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema (draft-07, which Fastify's validator speaks) of `schema`: `io: 'input'` for what a
 * client sends (defaults optional), `'output'` for what the API answers. Shared schemas inside it become
 * `$ref`s; objects accept no other properties (a request's extra properties are removed by Fastify,
 * a response's are not serialised).
 */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const cache = io === 'input' ? INPUTS : OUTPUTS;
  let json = cache.get(schema);
  if (json === undefined) {
    json = convert(schema, io);
    cache.set(schema, json);
  }
  // A copy: Fastify and @fastify/swagger annotate the schemas they are given.
  return structuredClone(json);
}

const INPUTS = new WeakMap<z.ZodType, JsonSchema>();
const OUTPUTS = new WeakMap<z.ZodType, JsonSchema>();

function convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, {
    target: 'draft-7',
    io,
    // 'any': a shared schema inside is replaced by its $ref after conversion (the contract test finds any
    // other schema that came out empty).
    unrepresentable: 'any',
    override: (ctx) => {
      const id = SHARED.get(ctx.zodSchema)?.id;
      if (id !== undefined && ctx.zodSchema !== (schema as unknown)) {
        for (const k of Object.keys(ctx.jsonSchema)) delete (ctx.jsonSchema as Record<string, unknown>)[k];
        ctx.jsonSchema.$ref = `${id}#`;
      } else if (ctx.jsonSchema.type === 'object' && ctx.jsonSchema.properties !== undefined) {
        ctx.jsonSchema.additionalProperties ??= false;
      }
    },
  }) as JsonSchema;
  delete json.$schema;
  return nullableAsType(json) as JsonSchema;
}

/**
 * `anyOf: [{type: T, ...}, {type: 'null'}]` -> `{type: [T, 'null'], ...}`: the same values, but
 * fast-json-stringify serialises it without trying each branch (and compiles it much faster).
 */
function nullableAsType(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(nullableAsType);
  if (x === null || typeof x !== 'object') return x;
  const o = Object.fromEntries(Object.entries(x).map(([k, v]) => [k, nullableAsType(v)])) as JsonSchema;
  const branches = o.anyOf as JsonSchema[] | undefined;
  if (branches?.length === 2) {
    const isNull = (b: JsonSchema) => b.type === 'null' && Object.keys(b).length === 1;
    const other = branches.find((b) => !isNull(b));
    if (branches.some(isNull) && other && typeof other.type === 'string' && other.enum === undefined) {
      const { anyOf: _, ...rest } = o;
      return { ...rest, ...other, type: [other.type, 'null'] };
    }
  }
  return o;
}

/** Request schemas: what a client sends. */
export const input = (schema: z.ZodType) => jsonSchema(schema, 'input');
/** Response and message schemas: what the API sends. */
export const output = (schema: z.ZodType) => jsonSchema(schema, 'output');

/** Every shared schema with its `$id`, for `fastify.addSchema`; call after the payload modules loaded. */
export function sharedSchemas(): JsonSchema[] {
  return [...SHARED].map(([schema, { id, io }]) => ({ $id: id, ...jsonSchema(schema as z.ZodType, io) }));
}

/** `{$ref}` to a shared schema. */
export const ref = (schema: z.ZodType): JsonSchema => {
  const id = SHARED.get(schema)?.id;
  if (id === undefined) throw new Error('invariant: ref() of a schema that is not shared');
  return { $ref: `${id}#` };
};

/**
 * The field a validation failure is about, dotted: `/evidence/date` -> `evidence.date`; a missing
 * property names itself; `body` when the whole input is wrong.
 */
export function validationField(
  validation: readonly { instancePath?: string; params?: Record<string, unknown> }[],
): string {
  const v = validation[0];
  const path = (v?.instancePath ?? '').split('/').filter((p) => p !== '');
  const missing = v?.params?.missingProperty;
  if (typeof missing === 'string') path.push(missing);
  const extra = v?.params?.additionalProperty;
  if (typeof extra === 'string') path.push(extra);
  return path.join('.') || 'body';
}

/**
 * A route's response map: `ok` for 200, the `error` schema for each refusal status it may answer with
 * and for 500 (a status not listed here is still an `error`, but the contract test holds every route
 * to the list).
 */
export function responses(ok: JsonSchema, refusals: readonly number[]): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = { 200: ok };
  for (const s of [...refusals, 500]) out[s] = { $ref: 'error#', description: describeStatus(s) };
  return out;
}

function describeStatus(status: number): string {
  const what: Record<number, string> = {
    400: 'bad-request: a parameter, query or body does not match its schema (field names it)',
    401: 'refused: no valid token',
    403: 'refused: a token of another nation, or a role that may not do this',
    404: 'refused: no node for the nation, or no such item',
    422: 'the node refused the action (error says why)',
    500: 'internal: the node failed; the failure is in its log',
  };
  return what[status] ?? 'refused';
}
