import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { isObject } from './transports.js';
import type { CaptureFinding } from './types.js';

export type ListMethod = 'tools/list' | 'prompts/list' | 'resources/list' | 'resources/templates/list';

export const LIST_FIELDS: Record<ListMethod, string> = {
  'tools/list': 'tools',
  'prompts/list': 'prompts',
  'resources/list': 'resources',
  'resources/templates/list': 'resourceTemplates',
};

/** A list result that is not the shape MCP defines: the session is not trustworthy, so the capture fails. */
export class MalformedListError extends Error {
  override readonly name = 'MalformedListError';
}

export interface ListLimits {
  maxItems: number;
  maxPages: number;
  timeoutMs: () => number;
}

/**
 * Every item of one list method, following `nextCursor` until it is absent, repeats (a loop), or a
 * page/item cap is reached; caps and loops become findings, never an endless capture. Requests go
 * through the SDK client with its loose result schema, so every field the server sent is kept (the
 * typed listTools() drops unknown fields, which would hide them from fingerprints).
 */
export async function listAll(
  client: Client,
  method: ListMethod,
  limits: ListLimits,
  findings: CaptureFinding[],
): Promise<Record<string, unknown>[]> {
  const field = LIST_FIELDS[method];
  const items: Record<string, unknown>[] = [];
  const seenCursors = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; ; page++) {
    if (page >= limits.maxPages) {
      findings.push({
        code: 'capture_capped',
        severity: 'medium',
        message: `${method}: stopped after ${limits.maxPages} pages; the list may be incomplete`,
        evidence: { method, pages: page, items: items.length },
      });
      return items;
    }
    const result = await client.request(
      { method, params: cursor === undefined ? {} : { cursor } },
      ResultSchema,
      { timeout: Math.max(1, limits.timeoutMs()) },
    );
    const list = (result as Record<string, unknown>)[field];
    if (!Array.isArray(list)) throw new MalformedListError(`${method} result has no '${field}' array`);
    for (const [index, item] of list.entries()) {
      if (!isObject(item)) throw new MalformedListError(`${method} ${field}[${index}] is not an object`);
      if (items.length >= limits.maxItems) {
        findings.push({
          code: 'capture_capped',
          severity: 'medium',
          message: `${method}: kept the first ${limits.maxItems} ${field}; the server lists more`,
          evidence: { method, kept: limits.maxItems, pages: page + 1 },
        });
        return items;
      }
      items.push(item);
    }
    const next = (result as { nextCursor?: unknown }).nextCursor;
    if (next === undefined || next === null) return items;
    if (typeof next !== 'string') throw new MalformedListError(`${method} nextCursor is not a string`);
    if (seenCursors.has(next)) {
      findings.push({
        code: 'pagination_loop',
        severity: 'medium',
        message: `${method}: the server returned cursor it had already returned; stopped following it`,
        evidence: { method, cursor: next.slice(0, 256), pages: page + 1, items: items.length },
      });
      return items;
    }
    seenCursors.add(next);
    cursor = next;
  }
}
