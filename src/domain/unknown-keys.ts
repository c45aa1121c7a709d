import type { z } from 'zod';

/** A key in the data that its (strict) object schema does not define. */
export interface UnknownKey {
  /** Path of the key itself, e.g. `['missiles', 0, 'aim', 'azimutDeg']`. */
  readonly path: readonly (string | number)[];
  /** The keys the schema defines there (for a union not yet decided: every option's keys). */
  readonly known: readonly string[];
}

/** The parts of zod 4's schema definitions this walk reads (`schema._zod.def`). */
interface Def {
  readonly type: string;
  readonly shape?: Readonly<Record<string, Schema>>;
  readonly catchall?: Schema;
  readonly element?: Schema;
  readonly valueType?: Schema;
  readonly innerType?: Schema;
  readonly in?: Schema;
  readonly getter?: () => Schema;
  readonly options?: readonly Schema[];
  readonly discriminator?: string;
  readonly values?: readonly unknown[];
  readonly entries?: Readonly<Record<string, unknown>>;
}
interface Schema {
  readonly _zod: { readonly def: Def };
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/**
 * Every key of `data` that a strict object of `schema` does not define, in the data's order. Found by
 * walking data and schema together, so that a misspelt field can be reported as itself rather than
 * as the field it was meant to be, missing. Objects that accept or strip extra keys are not checked;
 * a union is followed into the option its discriminator picks (when none is picked, the keys of all
 * its options are the known ones). Values of the wrong type are left to the schema's own errors.
 *
 * @example
 * unknownKeys(z.object({ azimuthDeg: z.number() }).strict(), { azimutDeg: 84 })
 * // [{ path: ['azimutDeg'], known: ['azimuthDeg'] }]
 */
export function unknownKeys(schema: z.ZodType, data: unknown): UnknownKey[] {
  const found: UnknownKey[] = [];
  walk(schema as unknown as Schema, data, [], found);
  return found;
}

function unwrap(s: Schema): Schema {
  let d = s._zod.def;
  for (let guard = 0; guard < 64; guard++) {
    if (WRAPPERS.has(d.type) && d.innerType) s = d.innerType;
    else if (d.type === 'pipe' && d.in) s = d.in;
    else if (d.type === 'lazy' && d.getter) s = d.getter();
    else return s;
    d = s._zod.def;
  }
  return s;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function walk(schema: Schema, data: unknown, path: (string | number)[], out: UnknownKey[]): void {
  const s = unwrap(schema);
  const d = s._zod.def;
  if (d.type === 'object' && d.shape && isRecord(data)) {
    const strict = d.catchall !== undefined && unwrap(d.catchall)._zod.def.type === 'never';
    const known = Object.keys(d.shape);
    for (const [key, value] of Object.entries(data)) {
      const field = d.shape[key];
      if (field) walk(field, value, [...path, key], out);
      else if (strict) out.push({ path: [...path, key], known });
    }
  } else if (d.type === 'array' && d.element && Array.isArray(data)) {
    data.forEach((item, i) => {
      walk(d.element!, item, [...path, i], out);
    });
  } else if (d.type === 'record' && d.valueType && isRecord(data)) {
    for (const [key, value] of Object.entries(data)) walk(d.valueType, value, [...path, key], out);
  } else if (d.type === 'union' && d.options && isRecord(data)) {
    const objects = d.options.map(unwrap).filter((o) => o._zod.def.type === 'object');
    const picked =
      d.discriminator === undefined
        ? undefined
        : objects.find((o) => literalValues(o, d.discriminator!).includes(data[d.discriminator!]));
    if (picked) {
      walk(picked, data, path, out);
      return;
    }
    // No option picked: a key is unknown only if no option of the union knows it.
    if (objects.length !== d.options.length) return;
    if (!objects.every((o) => o._zod.def.catchall && unwrap(o._zod.def.catchall)._zod.def.type === 'never'))
      return;
    const known = [...new Set(objects.flatMap((o) => Object.keys(o._zod.def.shape ?? {})))];
    for (const key of Object.keys(data)) if (!known.includes(key)) out.push({ path: [...path, key], known });
  }
}

function literalValues(object: Schema, key: string): readonly unknown[] {
  const field = object._zod.def.shape?.[key];
  if (!field) return [];
  const d = unwrap(field)._zod.def;
  return d.type === 'literal' ? (d.values ?? []) : d.type === 'enum' ? Object.values(d.entries ?? {}) : [];
}
