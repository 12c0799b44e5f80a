import type { KIND_FIELDS } from '../../registry/fingerprint/index.js';
import type { Capabilities } from '../../registry/records/index.js';
import { diffCapabilities } from '../drift/index.js';
import type { GatedKind, SurfaceGuard } from './guard.js';
import type { GateDecision } from './types.js';

type Message = Record<string, unknown>;

/** How each kind is listed, where its items sit in a result, and which notification says it changed. */
export const KINDS: Record<
  GatedKind,
  { list: string; field: (typeof KIND_FIELDS)[GatedKind]; capability: string; changed: string }
> = {
  tool: {
    list: 'tools/list',
    field: 'tools',
    capability: 'tools',
    changed: 'notifications/tools/list_changed',
  },
  prompt: {
    list: 'prompts/list',
    field: 'prompts',
    capability: 'prompts',
    changed: 'notifications/prompts/list_changed',
  },
  // one capability and one notification cover both resources and their templates
  resource: {
    list: 'resources/list',
    field: 'resources',
    capability: 'resources',
    changed: 'notifications/resources/list_changed',
  },
  resourceTemplate: {
    list: 'resources/templates/list',
    field: 'resourceTemplates',
    capability: 'resources',
    changed: 'notifications/resources/list_changed',
  },
};

// Ids of the gate's own requests; a client's ids never start like this in practice (SDK clients count).
const OWN_PREFIX = 'mcpvet-gate-';

export function isObject(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface ListerOptions {
  vetted: Capabilities;
  guard: SurfaceGuard;
  toServer: (line: string) => boolean;
  log: (decision: GateDecision) => void;
  requestTimeoutMs?: number;
  maxPages?: number;
}

/**
 * The gate's own view of the server's surface: it lists each kind itself (following cursors) after
 * initialization and on every list_changed, coalescing re-checks that overlap, and records the result in
 * the guard. A listing that fails leaves the kind unknown, which refuses every call of it.
 */
export class SurfaceLister {
  private readonly own = new Map<
    string,
    { resolve: (result: Message) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }
  >();
  private seq = 0;
  private readonly listing = new Map<GatedKind, Promise<void>>();
  private readonly dirty = new Set<GatedKind>();
  private closed = false;

  constructor(private readonly options: ListerOptions) {}

  /** Take a server response if it answers one of our own requests. */
  takeResponse(message: Message): boolean {
    const id = message.id;
    if (typeof id !== 'string' || !id.startsWith(OWN_PREFIX)) return false;
    const pending = this.own.get(id);
    if (pending) {
      this.own.delete(id);
      clearTimeout(pending.timer);
      if (isObject(message.result)) pending.resolve(message.result);
      else
        pending.reject(
          new Error(`server answered with error: ${JSON.stringify(message.error ?? null).slice(0, 256)}`),
        );
    }
    return true;
  }

  close(): void {
    this.closed = true;
    for (const [id, pending] of this.own) {
      clearTimeout(pending.timer);
      pending.reject(new Error('gate closed'));
      this.own.delete(id);
    }
  }

  /** Resolves once the kind has been listed (now, or by a listing already under way). */
  ensureListed(kind: GatedKind): Promise<void> {
    const running = this.listing.get(kind);
    if (running) return running;
    if (this.options.guard.isKnown(kind)) return Promise.resolve();
    return this.refresh(kind);
  }

  /** List the server's current items of a kind (once more if it changed again meanwhile). */
  refresh(kind: GatedKind): Promise<void> {
    const running = this.listing.get(kind);
    if (running) {
      this.dirty.add(kind);
      return running;
    }
    const run = async () => {
      do {
        this.dirty.delete(kind);
        await this.recheck(kind);
      } while (this.dirty.has(kind) && !this.closed);
    };
    const promise = run().finally(() => this.listing.delete(kind));
    this.listing.set(kind, promise);
    return promise;
  }

  private async recheck(kind: GatedKind): Promise<void> {
    const { field } = KINDS[kind];
    try {
      const items = await this.listAll(kind);
      await this.options.guard.replaceObserved(kind, items);
      const drift = diffCapabilities({ [field]: this.options.vetted[field] ?? [] }, { [field]: items });
      this.options.log({
        event: 'recheck',
        decision: 'info',
        kind,
        listed: items.length,
        drift: drift.map((d) => ({ code: d.code, severity: d.severity, name: d.name, message: d.message })),
      });
    } catch (error) {
      this.options.guard.forget(kind);
      this.options.log({
        event: 'recheck',
        decision: 'deny',
        kind,
        reason: 'surface_unknown',
        message: `could not list the server's ${field}: ${(error as Error).message}; every call is refused until a listing succeeds`,
      });
    }
  }

  private request(method: string, params: Message): Promise<Message> {
    const id = `${OWN_PREFIX}${++this.seq}`;
    const timeoutMs = this.options.requestTimeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(new Error('gate closed'));
        return;
      }
      const timer = setTimeout(() => {
        this.own.delete(id);
        reject(new Error(`${method} got no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      this.own.set(id, { resolve, reject, timer });
      if (!this.options.toServer(JSON.stringify({ jsonrpc: '2.0', id, method, params }))) {
        clearTimeout(timer);
        this.own.delete(id);
        reject(new Error('the server is not running'));
      }
    });
  }

  private async listAll(kind: GatedKind): Promise<Message[]> {
    const { list, field } = KINDS[kind];
    const items: Message[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < (this.options.maxPages ?? 200); page++) {
      const result = await this.request(list, cursor === undefined ? {} : { cursor });
      const pageItems = result[field];
      if (!Array.isArray(pageItems)) throw new Error(`${list} result has no ${field} array`);
      for (const item of pageItems) if (isObject(item)) items.push(item);
      const next = result.nextCursor;
      if (typeof next !== 'string' || seen.has(next)) return items;
      seen.add(next);
      cursor = next;
    }
    return items;
  }
}
