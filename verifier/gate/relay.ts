import type { Capabilities } from '../../registry/records/index.js';
import { diffCapabilities } from '../drift/index.js';
import type { GatedKind, SurfaceGuard } from './guard.js';
import { isObject, KINDS, SurfaceLister } from './lister.js';
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

const BY_LIST = new Map(Object.entries(KINDS).map(([k, v]) => [v.list, k as GatedKind]));
const BY_INVOKE = new Map(Object.entries(KINDS).map(([k, v]) => [v.invoke, k as GatedKind]));
const BY_CHANGED = new Map(Object.entries(KINDS).map(([k, v]) => [v.changed, k as GatedKind]));

function idKey(id: unknown): string | undefined {
  return typeof id === 'string' || typeof id === 'number' ? JSON.stringify(id) : undefined;
}

/**
 * The gate between an MCP client (our stdin/stdout) and a server child: forwards JSON-RPC both ways,
 * drops unvetted or drifted tools and prompts from list results, answers calls to them with a JSON-RPC
 * error, re-lists when the server announces a change, and holds the vetted instructions in place.
 * Messages are handled in order per direction; lines it does not need to change pass through as sent.
 */
export class GateRelay {
  private clientChain: Promise<void> = Promise.resolve();
  private serverChain: Promise<void> = Promise.resolve();
  private readonly clientRequests = new Map<string, string>();
  private readonly lister: SurfaceLister;
  private serverCapabilities: Message = {};

  constructor(private readonly options: RelayOptions) {
    this.lister = new SurfaceLister(options);
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
    if (method !== undefined && key !== undefined) {
      const invoked = BY_INVOKE.get(method);
      if (invoked) {
        const params = isObject(message.params) ? message.params : {};
        const name = params.name;
        if (typeof name !== 'string') {
          this.sendError(message.id, `mcpvet gate refused ${method}: no name`, { reason: 'invalid_request' });
          this.options.log({ event: 'invoke', decision: 'deny', kind: invoked, reason: 'invalid_request' });
          return;
        }
        await this.lister.ensureListed(invoked);
        const verdict = this.options.guard.checkInvocation(invoked, name);
        if (!verdict.allowed) {
          this.sendError(message.id, `mcpvet gate refused: ${verdict.message}`, {
            reason: verdict.reason,
            [invoked]: name,
          });
          this.options.log({
            event: 'invoke',
            decision: 'deny',
            kind: invoked,
            name,
            reason: verdict.reason,
            message: verdict.message,
          });
          return;
        }
        this.options.log({ event: 'invoke', decision: 'allow', kind: invoked, name });
      }
      this.clientRequests.set(key, method);
    }
    this.options.toServer(line);
    if (method === 'notifications/initialized') {
      // learn the server's current surface before any call needs it
      for (const kind of ['tool', 'prompt'] as const) {
        if (this.serverCapabilities[KINDS[kind].field]) void this.lister.refresh(kind);
      }
    }
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
        this.options.toClient(JSON.stringify({ ...message, result: this.checkInitialize(message.result) }));
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
    if (changed) {
      this.options.log({ event: 'list_changed', decision: 'info', kind: changed });
      // re-check first, then tell the client: its next listing is filtered against the new state
      void this.lister.refresh(changed).finally(() => this.options.toClient(line));
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

  private checkInitialize(result: Message): Message {
    const out = { ...result };
    this.serverCapabilities = isObject(result.capabilities) ? result.capabilities : {};
    const observed: Capabilities = {
      serverCapabilities: this.serverCapabilities,
      ...(typeof result.instructions === 'string' ? { instructions: result.instructions } : {}),
    };
    const vetted: Capabilities = {
      serverCapabilities: this.options.vetted.serverCapabilities ?? {},
      ...(this.options.vetted.instructions !== undefined
        ? { instructions: this.options.vetted.instructions }
        : {}),
    };
    for (const drift of diffCapabilities(vetted, observed)) {
      const instructions = drift.name === 'instructions';
      this.options.log({
        event: 'initialize',
        decision: instructions ? 'replace' : 'info',
        reason: drift.code,
        severity: drift.severity,
        message: instructions
          ? `${drift.message}; the client gets the vetted instructions instead`
          : drift.message,
      });
    }
    // the vetted text (or none): instructions reach the model like a tool description does
    if (this.options.vetted.instructions === undefined) delete out.instructions;
    else out.instructions = this.options.vetted.instructions;
    return out;
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
      allowed: kept.map((i) => (i as Message).name),
      dropped,
    });
    this.options.toClient(JSON.stringify({ ...message, result: { ...result, [field]: kept } }));
  }
}
