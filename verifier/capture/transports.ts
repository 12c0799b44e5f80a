import type { FetchLike, Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { type JSONRPCMessage, JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import { type ProcessFailure, ServerProcess } from './process.js';

/** Receives the first thing that makes a session unusable (exit, malformed output, oversized message). */
export type FailureSink = (failure: ProcessFailure) => void;

/**
 * SDK Transport over a ServerProcess. The SDK's own StdioClientTransport cannot put the child in its
 * own process group, bound stderr, or tell us that a line was malformed (it only logs and goes on),
 * and we need all three to never hang on, or be flooded by, a server.
 */
export class BoundedStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  process?: ServerProcess;
  exit?: { code: number | null; signal: string | null };

  constructor(
    private readonly params: {
      command: string;
      args: string[];
      env: Record<string, string>;
      cwd?: string;
      maxMessageBytes: number;
      maxStderrBytes: number;
    },
    private readonly onFailure: FailureSink,
  ) {}

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const proc = new ServerProcess({
        ...this.params,
        // shape is checked once, by ObservingTransport, for every transport alike
        onMessage: (message) => this.onmessage?.(message as JSONRPCMessage),
        onProtocolError: (failure) => this.onFailure(failure),
        onExit: (exit) => {
          this.exit = exit;
          const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
          this.onFailure({ code: 'server_failed', message: `server exited (${how})`, exit });
          this.onclose?.();
        },
        onSpawnError: (error) => {
          this.onFailure({ code: 'server_failed', message: `could not start server: ${error.message}` });
          reject(error);
        },
      });
      this.process = proc;
      proc.child.once('spawn', () => resolve());
    });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (!this.process?.send(message)) throw new Error('server process is not running');
  }

  async close(): Promise<void> {
    await this.process?.stop();
  }
}

/**
 * A fetch whose response bodies error once they pass `maxBytes` and which every request aborts with
 * `signal`: an HTTP server cannot stream without bound or keep a request open past the deadline.
 */
export function toBoundedFetch(maxBytes: number, signal: AbortSignal, onFailure: FailureSink): FetchLike {
  return async (url, init) => {
    const signals = init?.signal ? [signal, init.signal] : [signal];
    const response = await fetch(url, { ...init, signal: AbortSignal.any(signals) });
    if (!response.body) return response;
    let seen = 0;
    const limiter = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) {
          const message = `server sent a response larger than ${maxBytes} bytes`;
          onFailure({ code: 'protocol_error', message });
          controller.error(new Error(message));
          return;
        }
        controller.enqueue(chunk);
      },
    });
    return new Response(response.body.pipeThrough(limiter), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

/**
 * Wraps any transport to keep the raw initialize result (the SDK client strips fields it does not know
 * from server info and capabilities, and we record what the server really sent) and to reject messages
 * that are not JSON-RPC (HTTP transports pass them on).
 */
export class ObservingTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  initializeResult?: Record<string, unknown>;
  private initializeId?: string | number;

  constructor(
    readonly inner: Transport,
    private readonly onFailure: FailureSink,
  ) {}

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }

  start(): Promise<void> {
    this.inner.onclose = () => this.onclose?.();
    this.inner.onerror = (error) => this.onerror?.(error);
    this.inner.onmessage = (message) => {
      if (!JSONRPCMessageSchema.safeParse(message).success) {
        this.onFailure({
          code: 'protocol_error',
          message: 'server sent JSON that is not a JSON-RPC 2.0 message',
          line: JSON.stringify(message).slice(0, 512),
        });
        return;
      }
      const m = message as { id?: string | number; result?: unknown };
      if (this.initializeId !== undefined && m.id === this.initializeId && isObject(m.result)) {
        this.initializeResult = m.result;
      }
      this.onmessage?.(message);
    };
    return this.inner.start();
  }

  send(message: JSONRPCMessage, options?: Parameters<Transport['send']>[1]): Promise<void> {
    const m = message as { method?: string; id?: string | number };
    if (m.method === 'initialize' && m.id !== undefined) this.initializeId = m.id;
    return this.inner.send(message, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
