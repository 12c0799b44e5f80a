import {
  ITEM_KINDS,
  type ItemKind,
  KIND_FIELDS,
  toFingerprint,
  toItemKey,
} from '../../registry/fingerprint/index.js';
import type { Capabilities } from '../../registry/records/index.js';

/** The kinds the gate enforces: tools and prompts by name, resources by URI, templates by uriTemplate. */
export type GatedKind = ItemKind;

export type Refusal = 'undeclared' | 'drifted' | 'not_listed' | 'surface_unknown';

export type Denied = { allowed: false; reason: Refusal; message: string };

export type Verdict = { allowed: true } | Denied;

type Item = Record<string, unknown>;

export const LABEL: Record<GatedKind, string> = {
  tool: 'tool',
  prompt: 'prompt',
  resource: 'resource',
  resourceTemplate: 'resource template',
};

/**
 * What the vetted surface allows, and what the server was last seen to offer. An item passes only when
 * its name is vetted and its current definition has the vetted fingerprint; a call passes only when
 * the latest listing showed that same definition. Nothing seen yet means nothing passes (fail closed).
 */
export class SurfaceGuard {
  private readonly vetted = new Map<GatedKind, Map<string, string>>();
  private readonly observed = new Map<GatedKind, Map<string, string>>();
  private readonly known = new Set<GatedKind>();

  private constructor() {}

  static async create(vetted: Capabilities): Promise<SurfaceGuard> {
    const guard = new SurfaceGuard();
    for (const kind of ITEM_KINDS) {
      const prints = new Map<string, string>();
      for (const item of (vetted[KIND_FIELDS[kind]] ?? []) as Item[]) {
        prints.set(toItemKey(kind, item), await toFingerprint(item));
      }
      guard.vetted.set(kind, prints);
      guard.observed.set(kind, new Map());
    }
    return guard;
  }

  /** The keys of a kind's vetted items (tool names, resource URIs, URI templates). */
  vettedKeys(kind: GatedKind): string[] {
    return [...(this.vetted.get(kind)?.keys() ?? [])];
  }

  vettedFingerprint(kind: GatedKind, name: string): string | undefined {
    return this.vetted.get(kind)?.get(name);
  }

  observedFingerprint(kind: GatedKind, name: string): string | undefined {
    return this.observed.get(kind)?.get(name);
  }

  /** Decide one listed item and remember its definition as the server's current one. */
  async admitListed(kind: GatedKind, item: Item): Promise<Verdict & { name: string; fingerprint: string }> {
    const name = toItemKey(kind, item);
    const fingerprint = await toFingerprint(item);
    this.observed.get(kind)?.set(name, fingerprint);
    const vetted = this.vettedFingerprint(kind, name);
    if (vetted === undefined) {
      return {
        allowed: false,
        reason: 'undeclared',
        message: `${LABEL[kind]} '${name}' is not in the vetted surface`,
        name,
        fingerprint,
      };
    }
    if (vetted !== fingerprint) {
      return {
        allowed: false,
        reason: 'drifted',
        message: `${LABEL[kind]} '${name}' differs from its vetted definition`,
        name,
        fingerprint,
      };
    }
    return { allowed: true, name, fingerprint };
  }

  /** Replace what is known of a kind with a complete listing (a re-check after list_changed). */
  async replaceObserved(kind: GatedKind, items: readonly Item[]): Promise<void> {
    const map = new Map<string, string>();
    for (const item of items) map.set(toItemKey(kind, item), await toFingerprint(item));
    this.observed.set(kind, map);
    this.known.add(kind);
  }

  /** After a failed listing: nothing of this kind is known, so nothing of it is allowed. */
  forget(kind: GatedKind): void {
    this.observed.set(kind, new Map());
    this.known.delete(kind);
  }

  isKnown(kind: GatedKind): boolean {
    return this.known.has(kind);
  }

  checkInvocation(kind: GatedKind, name: string): Verdict {
    const vetted = this.vettedFingerprint(kind, name);
    if (vetted === undefined) {
      return {
        allowed: false,
        reason: 'undeclared',
        message: `${LABEL[kind]} '${name}' is not in the vetted surface`,
      };
    }
    if (!this.known.has(kind)) {
      return {
        allowed: false,
        reason: 'surface_unknown',
        message: `the server's current ${LABEL[kind]}s could not be listed, so '${name}' cannot be checked`,
      };
    }
    const observed = this.observedFingerprint(kind, name);
    if (observed === undefined) {
      return {
        allowed: false,
        reason: 'not_listed',
        message: `the server does not list ${LABEL[kind]} '${name}'`,
      };
    }
    if (observed !== vetted) {
      return {
        allowed: false,
        reason: 'drifted',
        message: `${LABEL[kind]} '${name}' differs from its vetted definition (fingerprint ${observed.slice(0, 19)}…, vetted ${vetted.slice(0, 19)}…)`,
      };
    }
    return { allowed: true };
  }
}
