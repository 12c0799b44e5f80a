import { isCanonicallyEqual } from '../../registry/fingerprint/index.js';
import type { SchemaChange, SchemaChangeKind, SchemaEffect } from './types.js';

// A bounded walk: a hostile schema (deep or wide) yields at most this many changes.
const MAX_CHANGES = 200;
const MAX_DEPTH = 32;

// Bounds where a larger number (or none) accepts more values, and those where a smaller one does.
const UPPER_BOUNDS = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties', 'maxContains'];
const LOWER_BOUNDS = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties', 'minContains'];
const RESTRICTIONS = ['pattern', 'format', 'contentMediaType', 'contentEncoding', 'const', 'not'];
const TEXT = ['description', 'title', '$comment'];
const SUBSCHEMA = [
  'items',
  'additionalItems',
  'contains',
  'propertyNames',
  'unevaluatedItems',
  'if',
  'then',
  'else',
];
const SCHEMA_MAPS = ['$defs', 'definitions', 'patternProperties', 'dependentSchemas'];
const HANDLED = new Set([
  ...UPPER_BOUNDS,
  ...LOWER_BOUNDS,
  ...RESTRICTIONS,
  ...TEXT,
  ...SUBSCHEMA,
  ...SCHEMA_MAPS,
  'properties',
  'required',
  'additionalProperties',
  'unevaluatedProperties',
  'enum',
  'type',
  'uniqueItems',
  'anyOf',
  'oneOf',
  'allOf',
  'prefixItems',
]);

type Schema = Record<string, unknown>;

function isSchemaObject(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON Pointer escaping of one reference token (RFC 6901). */
export function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

class Collector {
  readonly changes: SchemaChange[] = [];
  add(path: string, change: SchemaChangeKind, effect: SchemaEffect, before?: unknown, after?: unknown): void {
    if (this.changes.length >= MAX_CHANGES) return;
    const entry: SchemaChange = { path: path || '/', change, effect };
    if (before !== undefined) entry.before = before;
    if (after !== undefined) entry.after = after;
    this.changes.push(entry);
  }
}

function typeSet(value: unknown): Set<string> | undefined {
  if (typeof value === 'string') return new Set([value]);
  if (Array.isArray(value)) return new Set(value.filter((v): v is string => typeof v === 'string'));
  return undefined;
}

/** Whether every type `inner` allows is allowed by `outer` (integer is a kind of number). */
function coversTypes(outer: Set<string>, inner: Set<string>): boolean {
  for (const t of inner) if (!outer.has(t) && !(t === 'integer' && outer.has('number'))) return false;
  return true;
}

function compareBound(
  c: Collector,
  path: string,
  key: string,
  before: unknown,
  after: unknown,
  upper: boolean,
) {
  const b = typeof before === 'number' ? before : undefined;
  const a = typeof after === 'number' ? after : undefined;
  const none = upper ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  const bv = b ?? none;
  const av = a ?? none;
  if (bv === av) {
    if (!isCanonicallyEqual(before, after))
      c.add(`${path}/${key}`, 'keyword_changed', 'changes', before, after);
    return;
  }
  const looser = upper ? av > bv : av < bv;
  c.add(
    `${path}/${key}`,
    looser ? 'constraint_loosened' : 'constraint_tightened',
    looser ? 'widens' : 'narrows',
    before,
    after,
  );
}

function compareBranches(
  c: Collector,
  path: string,
  key: string,
  before: unknown,
  after: unknown,
  depth: number,
) {
  const b = Array.isArray(before) ? before : [];
  const a = Array.isArray(after) ? after : [];
  // more anyOf/oneOf branches accept more; more allOf branches accept less
  const addEffect: SchemaEffect = key === 'allOf' ? 'narrows' : 'widens';
  const removeEffect: SchemaEffect = key === 'allOf' ? 'widens' : 'narrows';
  if (before === undefined) {
    c.add(`${path}/${key}`, 'constraint_tightened', 'narrows', undefined, after);
    return;
  }
  if (after === undefined) {
    c.add(`${path}/${key}`, 'constraint_loosened', 'widens', before, undefined);
    return;
  }
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) walk(c, `${path}/${key}/${i}`, b[i], a[i], depth + 1);
  for (let i = n; i < a.length; i++) c.add(`${path}/${key}/${i}`, 'branch_added', addEffect, undefined, a[i]);
  for (let i = n; i < b.length; i++) c.add(`${path}/${key}/${i}`, 'branch_removed', removeEffect, b[i]);
}

function compareAdditional(
  c: Collector,
  path: string,
  key: string,
  before: unknown,
  after: unknown,
  depth: number,
) {
  // absent means any extra property is accepted
  const b = before === undefined ? true : before;
  const a = after === undefined ? true : after;
  if (isCanonicallyEqual(b, a)) return;
  if (b === false) {
    c.add(`${path}/${key}`, 'additional_properties_allowed', 'widens', before, after);
  } else if (a === false) {
    c.add(`${path}/${key}`, 'additional_properties_restricted', 'narrows', before, after);
  } else if (b === true) {
    c.add(`${path}/${key}`, 'additional_properties_restricted', 'narrows', before, after);
  } else if (a === true) {
    c.add(`${path}/${key}`, 'additional_properties_allowed', 'widens', before, after);
  } else {
    walk(c, `${path}/${key}`, b, a, depth + 1);
  }
}

function compareEnum(c: Collector, path: string, before: unknown, after: unknown) {
  if (before === undefined) {
    c.add(`${path}/enum`, 'enum_added', 'narrows', undefined, after);
    return;
  }
  if (after === undefined) {
    c.add(`${path}/enum`, 'enum_removed', 'widens', before, undefined);
    return;
  }
  const b = Array.isArray(before) ? before : [];
  const a = Array.isArray(after) ? after : [];
  const has = (list: unknown[], v: unknown) => list.some((x) => isCanonicallyEqual(x, v));
  const added = a.filter((v) => !has(b, v));
  const removed = b.filter((v) => !has(a, v));
  if (added.length > 0) c.add(`${path}/enum`, 'enum_values_added', 'widens', undefined, added);
  if (removed.length > 0) c.add(`${path}/enum`, 'enum_values_removed', 'narrows', removed, undefined);
}

function compareType(c: Collector, path: string, before: unknown, after: unknown) {
  const b = typeSet(before);
  const a = typeSet(after);
  if (!b && a) return c.add(`${path}/type`, 'type_narrowed', 'narrows', before, after);
  if (b && !a) return c.add(`${path}/type`, 'type_widened', 'widens', before, after);
  if (!b || !a) return c.add(`${path}/type`, 'type_changed', 'changes', before, after);
  const widens = coversTypes(a, b);
  const narrows = coversTypes(b, a);
  if (widens && narrows) return;
  if (widens) return c.add(`${path}/type`, 'type_widened', 'widens', before, after);
  if (narrows) return c.add(`${path}/type`, 'type_narrowed', 'narrows', before, after);
  c.add(`${path}/type`, 'type_changed', 'changes', before, after);
}

function walk(c: Collector, path: string, before: unknown, after: unknown, depth: number): void {
  if (c.changes.length >= MAX_CHANGES || isCanonicallyEqual(before, after)) return;
  if (depth > MAX_DEPTH) {
    c.add(path, 'schema_replaced', 'changes');
    return;
  }
  if (typeof before === 'boolean' || typeof after === 'boolean') {
    // true and {} accept everything, false accepts nothing
    const acceptsAll = (s: unknown) => s === true || (isSchemaObject(s) && Object.keys(s).length === 0);
    if (before === false || acceptsAll(after)) c.add(path, 'schema_replaced', 'widens', before, after);
    else if (after === false || acceptsAll(before)) c.add(path, 'schema_replaced', 'narrows', before, after);
    else c.add(path, 'schema_replaced', 'changes', before, after);
    return;
  }
  if (!isSchemaObject(before) || !isSchemaObject(after)) {
    c.add(path, 'schema_replaced', 'changes', before, after);
    return;
  }
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of [...keys].sort()) {
    const b = before[key];
    const a = after[key];
    if (isCanonicallyEqual(b, a)) continue;
    const at = `${path}/${escapePointer(key)}`;
    if (key === 'properties') {
      const bp = isSchemaObject(b) ? b : {};
      const ap = isSchemaObject(a) ? a : {};
      for (const name of [...new Set([...Object.keys(bp), ...Object.keys(ap)])].sort()) {
        const p = `${at}/${escapePointer(name)}`;
        if (!(name in bp)) c.add(p, 'property_added', 'widens', undefined, ap[name]);
        else if (!(name in ap)) c.add(p, 'property_removed', 'narrows', bp[name]);
        else walk(c, p, bp[name], ap[name], depth + 1);
      }
    } else if (key === 'required') {
      const br = Array.isArray(b) ? b : [];
      const ar = Array.isArray(a) ? a : [];
      for (const name of br.filter((x) => !ar.includes(x))) c.add(at, 'required_removed', 'widens', name);
      for (const name of ar.filter((x) => !br.includes(x)))
        c.add(at, 'required_added', 'narrows', undefined, name);
    } else if (key === 'additionalProperties' || key === 'unevaluatedProperties') {
      compareAdditional(c, path, key, b, a, depth);
    } else if (UPPER_BOUNDS.includes(key)) {
      compareBound(c, path, key, b, a, true);
    } else if (LOWER_BOUNDS.includes(key)) {
      compareBound(c, path, key, b, a, false);
    } else if (key === 'enum') {
      compareEnum(c, path, b, a);
    } else if (key === 'type') {
      compareType(c, path, b, a);
    } else if (key === 'uniqueItems') {
      const loosened = b === true && a !== true;
      c.add(
        at,
        loosened ? 'constraint_loosened' : 'constraint_tightened',
        loosened ? 'widens' : 'narrows',
        b,
        a,
      );
    } else if (RESTRICTIONS.includes(key)) {
      if (a === undefined) c.add(at, 'constraint_loosened', 'widens', b);
      else if (b === undefined) c.add(at, 'constraint_tightened', 'narrows', undefined, a);
      else c.add(at, 'constraint_changed', 'changes', b, a);
    } else if (TEXT.includes(key)) {
      c.add(at, 'text_changed', 'changes', b, a);
    } else if (key === 'anyOf' || key === 'oneOf' || key === 'allOf' || key === 'prefixItems') {
      compareBranches(c, path, key, b, a, depth);
    } else if (SUBSCHEMA.includes(key)) {
      if (b === undefined) c.add(at, 'constraint_tightened', key === 'items' ? 'narrows' : 'changes', b, a);
      else if (a === undefined)
        c.add(at, 'constraint_loosened', key === 'items' ? 'widens' : 'changes', b, a);
      else if (Array.isArray(b) || Array.isArray(a)) compareBranches(c, path, key, b, a, depth);
      else walk(c, at, b, a, depth + 1);
    } else if (SCHEMA_MAPS.includes(key)) {
      const bm = isSchemaObject(b) ? b : {};
      const am = isSchemaObject(a) ? a : {};
      const pattern = key === 'patternProperties';
      for (const name of [...new Set([...Object.keys(bm), ...Object.keys(am)])].sort()) {
        const p = `${at}/${escapePointer(name)}`;
        if (!(name in bm)) c.add(p, 'property_added', pattern ? 'widens' : 'changes', undefined, am[name]);
        else if (!(name in am)) c.add(p, 'property_removed', pattern ? 'narrows' : 'changes', bm[name]);
        else walk(c, p, bm[name], am[name], depth + 1);
      }
    } else if (!HANDLED.has(key)) {
      c.add(at, 'keyword_changed', 'changes', b, a);
    }
  }
}

/**
 * Every difference between two JSON Schemas with its JSON Pointer path and whether it widens
 * (accepts values the old schema rejected: a new property, a dropped `required`, a larger maxLength,
 * a removed enum, additionalProperties opened …), narrows, or just changes (text, an altered pattern).
 * Bounded: at most 200 changes, 32 levels.
 */
export function diffSchemas(before: unknown, after: unknown): SchemaChange[] {
  const c = new Collector();
  walk(c, '', before, after, 0);
  return c.changes;
}

export function isWidening(changes: readonly SchemaChange[]): boolean {
  return changes.some((ch) => ch.effect === 'widens');
}
