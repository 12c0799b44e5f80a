import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  ErrorCode,
  McpError,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { isRegistryError } from '../../registry/errors/index.js';
import { withFingerprint } from '../../registry/fingerprint/index.js';
import { assertCapabilities, type Capabilities } from '../../registry/records/index.js';
import { LIST_FIELDS, type ListMethod, listAll, MalformedListError } from './enumerate.js';
import { toServerEnvironment } from './env.js';
import { DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_STDERR_BYTES, type ProcessFailure } from './process.js';
import {
  BoundedStdioTransport,
  type FailureSink,
  isObject,
  ObservingTransport,
  toBoundedFetch,
} from './transports.js';
import type { CaptureFinding, CaptureOptions, CaptureResult, CaptureTarget } from './types.js';

export const DEFAULT_CAPTURE_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_ITEMS = 2_000;
export const DEFAULT_MAX_PAGES = 200;
export const CLIENT_INFO = { name: 'mcpvet', version: '0.1.0' } as const;

type Failure = ProcessFailure | { code: 'timeout'; message: string };

class CaptureAborted extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

function openTransport(
  target: CaptureTarget,
  options: CaptureOptions,
  onFailure: FailureSink,
  signal: AbortSignal,
): { transport: Transport; stdio?: BoundedStdioTransport } {
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  if (target.transport === 'stdio') {
    const stdio = new BoundedStdioTransport(
      {
        command: target.command,
        args: target.args ?? [],
        env: toServerEnvironment(target.env, options.baseEnv),
        cwd: target.cwd,
        maxMessageBytes,
        maxStderrBytes: options.maxStderrBytes ?? DEFAULT_MAX_STDERR_BYTES,
      },
      onFailure,
    );
    return { transport: stdio, stdio };
  }
  const url = new URL(target.url);
  const fetch = toBoundedFetch(maxMessageBytes, signal, onFailure);
  const requestInit: RequestInit = { headers: target.headers ?? {} };
  if (target.transport === 'sse') return { transport: new SSEClientTransport(url, { fetch, requestInit }) };
  return {
    transport: new StreamableHTTPClientTransport(url, {
      fetch,
      requestInit,
      // a capture is one short session: no reconnect loops past the deadline
      reconnectionOptions: {
        maxRetries: 0,
        initialReconnectionDelay: 1000,
        maxReconnectionDelay: 1000,
        reconnectionDelayGrowFactor: 1,
      },
    }),
  };
}

function classify(error: unknown, step: string): Failure {
  if (error instanceof CaptureAborted) return error.failure;
  if (error instanceof McpError) {
    if (error.code === ErrorCode.RequestTimeout)
      return { code: 'timeout', message: `${step}: ${error.message}` };
    if (error.code === ErrorCode.ConnectionClosed)
      return { code: 'server_failed', message: `${step}: connection closed` };
    return { code: 'server_failed', message: `${step}: server answered with an error: ${error.message}` };
  }
  const e = error as (Error & { cause?: { code?: unknown } }) | undefined;
  const name = e?.name ?? '';
  // fetch reports only "fetch failed"; the reason (ECONNREFUSED …) is in its cause
  const reason = typeof e?.cause?.code === 'string' ? ` (${e.cause.code})` : '';
  const message = `${step}: ${e?.message ?? String(error)}${reason}`;
  if (
    error instanceof MalformedListError ||
    name.includes('ZodError') ||
    /protocol version is not supported|invalid initialize result/i.test(message)
  ) {
    return { code: 'protocol_error', message };
  }
  return { code: 'server_failed', message };
}

/**
 * Start (or connect to) one server, initialize, enumerate its whole surface and return a validated,
 * fingerprinted capabilities document. Never throws and never outlives `timeoutMs` by more than the
 * few hundred milliseconds it takes to kill the server's process group: every failure becomes a result
 * with its own code (server_failed, timeout, protocol_error).
 */
export async function captureServer(
  target: CaptureTarget,
  options: CaptureOptions = {},
): Promise<CaptureResult> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_CAPTURE_TIMEOUT_MS;
  const remaining = () => started + timeoutMs - performance.now();
  const findings: CaptureFinding[] = [];
  let failure: Failure | undefined;
  let settled = false;
  let abortWork: (error: CaptureAborted) => void = () => {};
  const aborted = new Promise<never>((_, reject) => {
    abortWork = reject;
  });
  aborted.catch(() => {});
  const onFailure = (f: Failure) => {
    if (settled || failure) return;
    failure = f;
    abortWork(new CaptureAborted(f));
  };
  const controller = new AbortController();
  let opened: ReturnType<typeof openTransport> | undefined;
  let observer: ObservingTransport | undefined;
  let step = 'connect';
  const timer = setTimeout(
    () => onFailure({ code: 'timeout', message: `no complete answer within ${timeoutMs} ms (at ${step})` }),
    timeoutMs,
  );
  const result = (partial: Partial<CaptureResult>): CaptureResult => ({
    target,
    ok: false,
    findings,
    stderr: opened?.stdio?.process?.stderr.text() ?? '',
    stderrTruncated: opened?.stdio?.process?.stderr.truncated ?? false,
    ...(opened?.stdio?.exit ? { exit: opened.stdio.exit } : {}),
    durationMs: Math.round(performance.now() - started),
    ...partial,
  });
  let outcome: Partial<CaptureResult>;
  try {
    opened = openTransport(target, options, onFailure, controller.signal);
    const obs = new ObservingTransport(opened.transport, onFailure);
    observer = obs;
    const work = async (): Promise<Capabilities> => {
      const client = new Client(CLIENT_INFO, { capabilities: {} });
      client.onerror = () => {};
      const changed = new Set<ListMethod>();
      client.setNotificationHandler(ToolListChangedNotificationSchema, () => void changed.add('tools/list'));
      client.setNotificationHandler(
        PromptListChangedNotificationSchema,
        () => void changed.add('prompts/list'),
      );
      client.setNotificationHandler(ResourceListChangedNotificationSchema, () => {
        changed.add('resources/list');
      });
      // the SDK's own request timeout sits past our deadline, so a timeout is always reported as ours
      await client.connect(obs, { timeout: remaining() + 1000 });
      const init = obs.initializeResult ?? {};
      const serverCapabilities = isObject(init.capabilities)
        ? init.capabilities
        : ((client.getServerCapabilities() ?? {}) as Record<string, unknown>);
      const methods: ListMethod[] = [];
      if (serverCapabilities.tools) methods.push('tools/list');
      if (serverCapabilities.prompts) methods.push('prompts/list');
      if (serverCapabilities.resources) methods.push('resources/list', 'resources/templates/list');
      const limits = {
        maxItems: options.maxItems ?? DEFAULT_MAX_ITEMS,
        maxPages: options.maxPages ?? DEFAULT_MAX_PAGES,
        timeoutMs: () => remaining() + 1000,
      };
      const lists: Partial<Record<ListMethod, Record<string, unknown>[]>> = {};
      const listOne = async (method: ListMethod) => {
        step = method;
        try {
          lists[method] = await listAll(client, method, limits, findings);
        } catch (error) {
          // servers that offer resources often do not implement templates; that is an empty list
          if (
            method === 'resources/templates/list' &&
            error instanceof McpError &&
            error.code === ErrorCode.MethodNotFound
          ) {
            lists[method] = [];
            return;
          }
          throw error;
        }
      };
      for (const method of methods) await listOne(method);
      // a list that changed while we enumerated is listed once more; the document shows the later state
      const relist = methods.filter(
        (m) => changed.has(m) || (m.startsWith('resources') && changed.has('resources/list')),
      );
      for (const method of relist) {
        findings.push({
          code: 'list_changed_during_capture',
          severity: 'medium',
          message: `the server announced a changed ${LIST_FIELDS[method]} list during capture; listed again`,
          evidence: { method, before: (lists[method] ?? []).length },
        });
        await listOne(method);
      }
      step = 'document';
      const serverInfo = isObject(init.serverInfo) ? init.serverInfo : client.getServerVersion();
      const instructions =
        typeof init.instructions === 'string' ? init.instructions : client.getInstructions();
      const doc: Record<string, unknown> = {
        protocolVersion: typeof init.protocolVersion === 'string' ? init.protocolVersion : undefined,
        serverInfo,
        serverCapabilities,
        instructions,
      };
      for (const method of methods) doc[LIST_FIELDS[method]] = lists[method] ?? [];
      doc.capturedAt = (options.now?.() ?? new Date()).toISOString();
      const clean = JSON.parse(JSON.stringify(doc)) as Capabilities;
      return withFingerprint(assertCapabilities(clean));
    };
    const capabilities = await Promise.race([work(), aborted]);
    settled = true;
    outcome = { ok: true, capabilities };
  } catch (error) {
    settled = true;
    if (isRegistryError(error) && error.code === 'invalid_record') {
      outcome = {
        error: {
          code: 'protocol_error',
          message: 'what the server sent is not a valid capabilities document',
          evidence: { issues: ((error.details as { issues?: unknown[] })?.issues ?? []).slice(0, 20) },
        },
      };
    } else {
      const f = failure ?? classify(error, step);
      const evidence: Record<string, unknown> = { step };
      if ('line' in f && f.line !== undefined) evidence.line = f.line;
      outcome = { error: { code: f.code, message: f.message, evidence } };
    }
  } finally {
    settled = true;
    clearTimeout(timer);
    controller.abort();
    await Promise.race([
      (observer ?? opened?.transport)?.close().catch(() => {}),
      new Promise((r) => setTimeout(r, 2000).unref()),
    ]);
    await opened?.stdio?.close();
  }
  // built after the server is stopped, so its last stderr lines and its exit status are included
  return result(outcome);
}
