import { toCanonicalJson, toDigest } from '../records/digest.js';
import type { Capabilities } from '../records/index.js';

// Imports stay runtime-neutral (Web Crypto through registry/records/digest, no node:*): the registry
// fingerprints declared capabilities with the same code the verifier uses on observed ones.

export type ItemKind = 'tool' | 'prompt' | 'resource' | 'resourceTemplate';

/** The list field of a capabilities document that holds each kind. */
export const KIND_FIELDS = {
  tool: 'tools',
  prompt: 'prompts',
  resource: 'resources',
  resourceTemplate: 'resourceTemplates',
} as const satisfies Record<ItemKind, keyof Capabilities>;

export const ITEM_KINDS: readonly ItemKind[] = ['tool', 'prompt', 'resource', 'resourceTemplate'];

/** The identity of an item within its kind: what a client addresses it by. */
export function toItemKey(kind: ItemKind, item: Record<string, unknown>): string {
  const key = kind === 'resource' ? item.uri : kind === 'resourceTemplate' ? item.uriTemplate : item.name;
  return typeof key === 'string' ? key : '';
}

/**
 * `sha256:<hex>` over the RFC 8785 canonical JSON of the whole item: every field (name, title,
 * description, the complete input and output schemas, annotations, _meta …), so any change a client
 * could see changes the fingerprint, while key order and whitespace never do.
 */
export function toFingerprint(item: unknown): Promise<string> {
  return toDigest(item);
}

export interface ItemFingerprint {
  kind: ItemKind;
  key: string;
  fingerprint: string;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Fingerprints of every item of a document, sorted by kind then key (then fingerprint for duplicates). */
export async function toItemFingerprints(capabilities: Capabilities): Promise<ItemFingerprint[]> {
  const out: ItemFingerprint[] = [];
  for (const kind of ITEM_KINDS) {
    const items = (capabilities[KIND_FIELDS[kind]] ?? []) as Record<string, unknown>[];
    for (const item of items) {
      out.push({ kind, key: toItemKey(kind, item), fingerprint: await toFingerprint(item) });
    }
  }
  return out.sort(
    (a, b) =>
      compareText(a.kind, b.kind) || compareText(a.key, b.key) || compareText(a.fingerprint, b.fingerprint),
  );
}

/**
 * The surface digest: every item's fingerprint (sorted, so list order never matters), the instructions
 * and the server capabilities. Server info, protocol version, capture time and permissions are left out:
 * they describe the release or the session, not what a model is shown or can call.
 */
export async function toSurfaceFingerprint(capabilities: Capabilities): Promise<string> {
  const items = await toItemFingerprints(capabilities);
  return toDigest({
    surface: 'mcpvet-surface/1',
    items: items.map((i) => [i.kind, i.key, i.fingerprint]),
    instructions: capabilities.instructions ?? null,
    serverCapabilities: capabilities.serverCapabilities ?? {},
  });
}

/** A copy of the document with its `fingerprint` set to the surface digest. */
export async function withFingerprint(capabilities: Capabilities): Promise<Capabilities> {
  const { fingerprint: _ignored, ...rest } = capabilities;
  return { ...rest, fingerprint: await toSurfaceFingerprint(rest) };
}

/** Whether two values have the same canonical form (key order and whitespace ignored). */
export function isCanonicallyEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return toCanonicalJson(a) === toCanonicalJson(b);
}
