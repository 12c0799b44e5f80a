import { type Release, type ValidationIssue, validateRelease } from '../records/index.js';

/** One item of the official registry's API and mirrors: `{server, _meta}` (a bare server.json also works). */
export interface OfficialRecord {
  server: unknown;
  _meta?: Record<string, unknown>;
}

/** A change normalisation made, said out loud so an import report can list it. */
export interface NormalizeChange {
  path: string;
  rule: string;
  message: string;
}

export type NormalizeResult =
  | { ok: true; release: Release; changes: NormalizeChange[] }
  | { ok: false; name: string | null; version: string | null; issues: ValidationIssue[] };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textField(value: Record<string, unknown>, key: string): string | null {
  const v = value[key];
  return typeof v === 'string' ? v : null;
}

/**
 * An official server.json record as an mcpvet release, or every reason it cannot be one. Exactly one
 * change is made: an empty `repository` object (which the official registry stores for servers published
 * without one) is dropped, because a repository without url and source says nothing. Everything else is
 * kept as published and must pass release.schema.json; nothing is repaired silently.
 */
export function normalizeOfficialRecord(record: unknown): NormalizeResult {
  const server = isObject(record) && 'server' in record ? record.server : record;
  if (!isObject(server)) {
    return {
      ok: false,
      name: null,
      version: null,
      issues: [{ path: '/server', rule: 'import.server.type', message: 'must be a server.json object' }],
    };
  }
  const changes: NormalizeChange[] = [];
  const copy: Record<string, unknown> = { ...server };
  if (isObject(copy.repository) && Object.keys(copy.repository).length === 0) {
    delete copy.repository;
    changes.push({
      path: '/repository',
      rule: 'import.repository.empty',
      message: 'dropped an empty repository object',
    });
  }
  const result = validateRelease(copy);
  if (!result.ok) {
    return {
      ok: false,
      name: textField(server, 'name'),
      version: textField(server, 'version'),
      issues: result.issues,
    };
  }
  return { ok: true, release: result.value, changes };
}

/** Records from a file or API body: a JSON array of records, or a page `{servers: [...]}`. */
export function readOfficialRecords(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (isObject(body) && Array.isArray(body.servers)) return body.servers;
  if (isObject(body) && 'server' in body) return [body];
  if (isObject(body) && typeof body.name === 'string') return [body];
  throw new TypeError(
    'expected a JSON array of {server, _meta} records, an API page {servers: [...]} or one server.json',
  );
}
