import { type OutputUnit, type Schema, Validator } from '@cfworker/json-schema';
import assessmentSchema from '../../schemas/assessment.schema.json' with { type: 'json' };
import capabilitiesSchema from '../../schemas/capabilities.schema.json' with { type: 'json' };
import releaseSchema from '../../schemas/release.schema.json' with { type: 'json' };
import { RegistryError } from '../errors/index.js';
import type { Assessment, Capabilities, Release } from './types.generated.js';

/** One problem with a record: where (JSON pointer), which stable rule, and what. */
export interface ValidationIssue {
  path: string;
  rule: string;
  message: string;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

export type RecordKind = 'release' | 'capabilities' | 'assessment';

const SCHEMAS: Record<RecordKind, Schema> = {
  release: releaseSchema as Schema,
  capabilities: capabilitiesSchema as Schema,
  assessment: assessmentSchema as Schema,
};

// @cfworker/json-schema interprets schemas without eval or new Function, so the same validators run on
// Cloudflare Workers. One validator per kind, built on first use and reused.
const validators = new Map<string, Validator>();

/** Extra schemas (policy, lock, report …) register here so every record kind validates the same way. */
export function registerSchema(kind: string, schema: Schema): void {
  SCHEMAS[kind as RecordKind] = schema;
  validators.delete(kind);
}

function validatorFor(kind: string): Validator {
  let v = validators.get(kind);
  if (!v) {
    const schema = SCHEMAS[kind as RecordKind];
    if (!schema) throw new RegistryError('internal', `no schema registered for ${kind}`);
    v = new Validator(schema, '2020-12', false);
    for (const other of Object.values(SCHEMAS)) if (other !== schema) v.addSchema(other);
    validators.set(kind, v);
  }
  return v;
}

// The validator reports a parent error for every failing allOf/anyOf/$ref/properties beside the leaf
// errors that caused it. Keep the leaves: they name the real problem at the deepest path.
const WRAPPER_KEYWORDS = new Set([
  'properties',
  'items',
  'allOf',
  '$ref',
  'additionalProperties',
  'if',
  'then',
  'else',
  'prefixItems',
  'unevaluatedProperties',
  '$defs',
]);

const RULE_NOISE = new Set(['properties', 'items', 'allOf', 'then', 'else', '$defs', '$ref']);

// Plain words for the patterns a publisher hits most; other rules keep the validator's message.
const FRIENDLY: Record<string, string> = {
  'release.name.pattern':
    "must be a reverse-DNS namespace, one '/', then a server name (io.github.user/server)",
  'release.version.pattern':
    "must be an exact semantic version such as 1.2.3 (no ranges, no 'v' prefix, not 'latest')",
  'release.packages.version.pattern':
    "must be an exact package version (not 'latest', not a range or wildcard)",
  'release.packages.version.not': 'must be an exact package version (not a wildcard such as 1.x)',
  'release.packages.digest.pattern': 'must be sha512-<base64> (npm integrity) or sha256:<64 hex>',
};

function toIssue(kind: string, unit: OutputUnit): ValidationIssue {
  let path = unit.instanceLocation.replace(/^#/, '') || '/';
  if (unit.keyword === 'additionalProperties') {
    const prop = /Property "(.*)" does not match/.exec(unit.error)?.[1];
    if (prop !== undefined)
      path = `${path === '/' ? '' : path}/${prop.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  }
  const keywordPath = unit.keywordLocation
    .replace(/^#\//, '')
    .split('/')
    .filter((s) => !RULE_NOISE.has(s) && !/^\d+$/.test(s))
    .join('.');
  const rule = `${kind}.${keywordPath}`;
  const message = unit.keyword === 'additionalProperties' ? 'is not an allowed property' : unit.error;
  return { path, rule, message: FRIENDLY[rule] ?? message };
}

/** Validate any registered record kind, reporting every issue with its JSON path and a stable rule id. */
export function validateRecord<T>(kind: string, value: unknown): ValidationResult<T> {
  const result = validatorFor(kind).validate(value);
  if (result.valid) return { ok: true, value: value as T };
  const leaves = result.errors.filter((e) => {
    // "if" failures always come with the then/else failure that says what is wrong; a false schema
    // comes with the additionalProperties failure that names the property.
    if (e.keyword === 'if' || e.keyword === 'false') return false;
    if (!WRAPPER_KEYWORDS.has(e.keyword)) return true;
    // a wrapper error with no deeper error beneath it is itself the leaf
    return !result.errors.some((o) => o !== e && o.keywordLocation.startsWith(`${e.keywordLocation}/`));
  });
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  for (const unit of leaves.length > 0 ? leaves : result.errors) {
    const issue = toIssue(kind, unit);
    const key = `${issue.path}\u0000${issue.rule}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return { ok: false, issues };
}

export function validateRelease(value: unknown): ValidationResult<Release> {
  return validateRecord<Release>('release', value);
}

export function validateCapabilities(value: unknown): ValidationResult<Capabilities> {
  return validateRecord<Capabilities>('capabilities', value);
}

export function validateAssessment(value: unknown): ValidationResult<Assessment> {
  return validateRecord<Assessment>('assessment', value);
}

function assertValid<T>(kind: string, value: unknown): T {
  const result = validateRecord<T>(kind, value);
  if (!result.ok) {
    throw new RegistryError('invalid_record', `${kind} is invalid (${result.issues.length} issue(s))`, {
      details: { issues: result.issues },
    });
  }
  return result.value;
}

export function assertRelease(value: unknown): Release {
  return assertValid<Release>('release', value);
}

export function assertCapabilities(value: unknown): Capabilities {
  return assertValid<Capabilities>('capabilities', value);
}

export function assertAssessment(value: unknown): Assessment {
  return assertValid<Assessment>('assessment', value);
}
