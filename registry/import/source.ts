import { readOfficialRecords } from './normalize.js';

const OFFICIAL_META = 'io.modelcontextprotocol.registry/official';

/** When the official registry last updated the record (its `_meta`), or null when it does not say. */
export function recordUpdatedAt(record: unknown): string | null {
  if (typeof record !== 'object' || record === null) return null;
  const meta = (record as { _meta?: Record<string, unknown> })._meta?.[OFFICIAL_META];
  const at = (meta as { updatedAt?: unknown } | undefined)?.updatedAt;
  return typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? at : null;
}

/**
 * The records updated strictly after `since` (the official API's updated_since semantics). Records that do
 * not carry an update time are kept: whether they are new cannot be told, and import is idempotent anyway.
 */
export function filterUpdatedSince(records: readonly unknown[], since: string): unknown[] {
  const t = Date.parse(since);
  return records.filter((r) => {
    const at = recordUpdatedAt(r);
    return at === null || Date.parse(at) > t;
  });
}

export interface FetchPagesOptions {
  updatedSince?: string | undefined;
  /** Items per page (the official API allows at most 100). */
  limit?: number;
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
  /** A guard against a registry whose cursors never end. */
  maxPages?: number;
  onPage?: (page: { index: number; count: number; nextCursor: string | null }) => void;
}

/**
 * Every record of an official-registry-compatible API (`GET /v0.1/servers`), following
 * `metadata.nextCursor` until it is absent or empty, as the official OpenAPI says.
 */
export async function fetchOfficialRecords(
  baseUrl: string,
  options: FetchPagesOptions = {},
): Promise<unknown[]> {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const limit = options.limit ?? 100;
  const maxPages = options.maxPages ?? 10_000;
  const out: unknown[] = [];
  const seen = new Set<string>();
  let cursor: string | null = null;
  for (let index = 0; index < maxPages; index++) {
    const url = new URL('v0.1/servers', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    url.searchParams.set('limit', String(limit));
    if (options.updatedSince !== undefined) url.searchParams.set('updated_since', options.updatedSince);
    if (cursor !== null) url.searchParams.set('cursor', cursor);
    const response = await doFetch(url.toString(), { headers: { accept: 'application/json' } });
    if (!response.ok) {
      throw new Error(`${url.origin} answered ${response.status} for ${url.pathname}${url.search}`);
    }
    const body = (await response.json()) as { metadata?: { nextCursor?: unknown } };
    const records = readOfficialRecords(body);
    out.push(...records);
    const next = body.metadata?.nextCursor;
    cursor = typeof next === 'string' && next !== '' ? next : null;
    options.onPage?.({ index, count: records.length, nextCursor: cursor });
    if (cursor === null) return out;
    if (seen.has(cursor)) throw new Error(`${url.origin} repeated the cursor ${cursor}: stopping`);
    seen.add(cursor);
  }
  throw new Error(`more than ${maxPages} pages: stopping`);
}
