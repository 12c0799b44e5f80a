import { ITEM_KINDS, toItemKey } from '../../registry/fingerprint/index.js';
import type { Capabilities } from '../../registry/records/index.js';
import type { Denied, GatedKind, SurfaceGuard } from './guard.js';
import { checkInitialize } from './initialize.js';
import { isObject, KINDS, SurfaceLister } from './lister.js';
import { RESOURCE_METHODS, ResourceAccess } from './resources.js';
import { GATE_ERROR_CODE, type GateDecision } from './types.js';

export interface RelayOptions {
  vetted: Capabilities;
  guard: SurfaceGuard;
  toClient: (line: string) => void;
  toServer: (line: string) => boolean;
  log: (decision: GateDecision) => void;
  /** Deadline of each request the gate itself sends (its re-listing). Default 10 000 ms. */
  requestTimeoutMs?: number;
  /** Pages the gate follows per re-listing. Default 200. */
  maxPages?: number;
}

type Message = Record<string, unknown>;

const BY_LIST = new Map(ITEM_KINDS.map((kind) => [KINDS[kind].list, kind]));
const BY_INVOKE = new Map<string, GatedKind>([
  ['tools/call', 'tool'],
  ['prompts/get', 'prompt'],
]);
// one notification may cover several kinds (resources and their templates)
const BY_CHANGED = new Map<string, GatedKind[]>();
for (const kind of ITEM_KINDS) {
  const { changed } = KINDS[kind];
  BY_CHANGED.set(changed, [...(BY_CHANGED.get(changed) ?? []), kind]);
}

function idKey(id: unknown): string | undefined {
  return typeof id === 'string' || typeof id === 'number' ? JSON.stringify(id) : undefined;
}

/**
 * The gate between an MCP client (our stdin/stdout) and a server child: forwards JSON-RPC both ways,
 * drops unvetted or drifted tools, prompts, resources and templates from list results, answers calls,
 * reads and subscriptions outside the vetted surface with a JSON-RPC error, re-lists when the server
 * announces a change, and holds the vetted instructions in place.
 * Messages are handled in order per direction; lines it does not need to change pass through as sent.
 */
export class GateRelay {
  private clientChain: Promise<void> = Promise.resolve();
  private serverChain: Promise<void> = Promise.resolve();
  private readonly clientRequests = new Map<string, string>();
  private readonly lister: SurfaceLister;
  private readonly resources: ResourceAccess;
  private serverCapabilities: Message = {};

  constructor(private readonly options: RelayOptions) {
    this.lister = new SurfaceLister(options);
    this.resources = new ResourceAccess(options.guard);
  }

  /** One line from the client. Resolves when it has been forwarded or answered. */
  fromClient(line: string): Promise<void> {
    this.clientChain = this.clientChain
      .then(() => this.handleClientLine(line))
      .catch((error) => this.internal(error));
    return this.clientChain;
  }

  /** One parsed message from the server (with its original line, forwarded unchanged when allowed). */
  fromServer(message: unknown, line: string): Promise<void> {
    this.serverChain = this.serverChain
      .then(() => this.handleServerMessage(message, line))
      .catch((error) => this.internal(error));
    return this.serverChain;
  }

  /** Settles when everything received so far has been handled. */
  async idle(): Promise<void> {
    await Promise.all([this.clientChain, this.serverChain]);
  }

  close(): void {
    this.lister.close();
  }

  private internal(error: unknown): void {
    this.options.log({
      event: 'internal_error',
      decision: 'info',
      message: String((error as Error)?.message ?? error),
    });
  }

  private sendError(id: unknown, message: string, data: Message): void {
    if (id === undefined) return; // a notification gets no answer
    this.options.toClient(
      JSON.stringify({
        jsonrpc: '2.0',
        id,
        error: { code: GATE_ERROR_CODE, message, data: { gate: 'mcpvet', ...data } },
      }),
    );
  }

  private async handleClientLine(line: string): Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      this.options.log({
        event: 'client_protocol_error',
        decision: 'deny',
        message: 'client sent a line that is not JSON',
      });
      this.options.toClient(
        JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } }),
      );
      return;
    }
    // a batch (2025-03-26) is taken apart: every element gets the same checks
    if (Array.isArray(parsed)) {
      for (const element of parsed) await this.handleClientMessage(element, JSON.stringify(element));
      return;
    }
    await this.handleClientMessage(parsed, line);
  }

  private async handleClientMessage(message: unknown, line: string): Promise<void> {
    if (!isObject(message)) {
      this.options.log({
        event: 'client_protocol_error',
        decision: 'deny',
        message: 'client sent a non-object message',
      });
      return;
    }
    const method = typeof message.method === 'string' ? message.method : undefined;
    const key = idKey(message.id);
    if (method !== undefined) {
      // checked whatever the id: a server that acts on a request with a null id or none must not get it
      const invoked = BY_INVOKE.get(method);
      const admitted = invoked
        ? await this.admitInvocation(message, method, invoked)
        : RESOURCE_METHODS.has(method)
          ? await this.admitResourceRequest(message, method)
          : true;
      if (!admitted) return;
      if (key !== undefined) this.clientRequests.set(key, method);
    }
    this.options.toServer(line);
    if (method === 'notifications/initialized') {
      // learn the server's current surface before any call needs it (only kinds it declares)
      for (const kind of ITEM_KINDS) {
        if (this.serverCapabilities[KINDS[kind].capability]) void this.lister.refresh(kind);
      }
    }
  }

  /** tools/call, prompts/get: by name, against the latest listing of the kind. */
  private async admitInvocation(message: Message, method: string, kind: GatedKind): Promise<boolean> {
    const name = isObject(message.params) ? message.params.name : undefined;
    if (typeof name !== 'string') {
      this.sendError(message.id, `mcpvet gate refused ${method}: no name`, { reason: 'invalid_request' });
      this.options.log({ event: 'invoke', decision: 'deny', kind, reason: 'invalid_request' });
      return false;
    }
    await this.lister.ensureListed(kind);
    const verdict = this.options.guard.checkInvocation(kind, name);
    if (!verdict.allowed) {
      this.refuse(message.id, kind, name, verdict);
      return false;
    }
    this.options.log({ event: 'invoke', decision: 'allow', kind, name });
    return true;
  }

  /** resources/read, resources/subscribe: by URI, against the latest listing of resources and templates. */
  private async admitResourceRequest(message: Message, method: string): Promise<boolean> {
    const uri = isObject(message.params) ? message.params.uri : undefined;
    if (typeof uri !== 'string') {
      this.sendError(message.id, `mcpvet gate refused ${method}: no uri`, { reason: 'invalid_request' });
      this.options.log({
        event: 'invoke',
        decision: 'deny',
        kind: 'resource',
        method,
        reason: 'invalid_request',
      });
      return false;
    }
    const routes = this.resources.routes(uri);
    await Promise.all([...new Set(routes.map((r) => r.kind))].map((kind) => this.lister.ensureListed(kind)));
    const verdict = this.resources.decide(uri, routes);
    if (!verdict.allowed) {
      this.refuse(message.id, 'resource', uri, verdict, { method });
      return false;
    }
    const { via } = verdict;
    this.options.log({
      event: 'invoke',
      decision: 'allow',
      kind: 'resource',
      name: uri,
      method,
      ...(via.kind === 'resourceTemplate' ? { template: via.key } : {}),
    });
    return true;
  }

  private refuse(id: unknown, kind: GatedKind, name: string, verdict: Denied, extra: Message = {}): void {
    this.sendError(id, `mcpvet gate refused: ${verdict.message}`, { reason: verdict.reason, [kind]: name });
    this.options.log({
      event: 'invoke',
      decision: 'deny',
      kind,
      name,
      ...extra,
      reason: verdict.reason,
      message: verdict.message,
    });
  }

  private async handleServerMessage(message: unknown, line: string): Promise<void> {
    if (!isObject(message) || message.jsonrpc !== '2.0') {
      this.options.log({
        event: 'server_protocol_error',
        decision: 'deny',
        message: 'server sent a message that is not JSON-RPC 2.0',
        line: line.slice(0, 256),
      });
      return;
    }
    const method = typeof message.method === 'string' ? message.method : undefined;
    if (method === undefined) {
      if (this.lister.takeResponse(message)) return;
      const key = idKey(message.id);
      const requested = key === undefined ? undefined : this.clientRequests.get(key);
      if (key !== undefined) this.clientRequests.delete(key);
      if (requested === 'initialize' && isObject(message.result)) {
        const checked = checkInitialize(message.result, this.options.vetted, this.options.log);
        this.serverCapabilities = checked.serverCapabilities;
        this.options.toClient(JSON.stringify({ ...message, result: checked.result }));
        return;
      }
      const listed = requested === undefined ? undefined : BY_LIST.get(requested);
      if (listed && 'result' in message) {
        await this.filterList(listed, message);
        return;
      }
      this.options.toClient(line);
      return;
    }
    const changed = BY_CHANGED.get(method);
    if (changed?.[0]) {
      this.options.log({ event: 'list_changed', decision: 'info', kind: changed[0] });
      // re-check first, then tell the client: its next listing is filtered against the new state
      void Promise.all(changed.map((kind) => this.lister.refresh(kind))).finally(() =>
        this.options.toClient(line),
      );
      return;
    }
    if (
      message.id !== undefined &&
      (method === 'sampling/createMessage' || method.startsWith('elicitation/'))
    ) {
      this.options.log({ event: 'server_request', decision: 'info', method });
    }
    this.options.toClient(line);
  }

  private async filterList(kind: GatedKind, message: Message): Promise<void> {
    const result = message.result;
    const field = KINDS[kind].field;
    const items = isObject(result) ? result[field] : undefined;
    if (!isObject(result) || !Array.isArray(items)) {
      this.sendError(message.id, `mcpvet gate: the server sent a malformed ${KINDS[kind].list} result`, {
        reason: 'protocol_error',
      });
      this.options.log({ event: 'list', decision: 'deny', kind, reason: 'protocol_error' });
      return;
    }
    const kept: unknown[] = [];
    const dropped: { name: string; reason: string }[] = [];
    for (const item of items) {
      if (!isObject(item)) {
        dropped.push({ name: '', reason: 'malformed' });
        continue;
      }
      const verdict = await this.options.guard.admitListed(kind, item);
      if (verdict.allowed) kept.push(item);
      else dropped.push({ name: verdict.name, reason: verdict.reason });
    }
    this.options.log({
      event: 'list',
      decision: 'filter',
      kind,
      allowed: kept.map((i) => toItemKey(kind, i as Message)),
      dropped,
    });
    this.options.toClient(JSON.stringify({ ...message, result: { ...result, [field]: kept } }));
  }
}
