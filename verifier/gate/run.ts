import type { Capabilities } from '../../registry/records/index.js';
import { LineSplitter, ServerProcess } from '../capture/index.js';
import { SurfaceGuard } from './guard.js';
import { GateRelay } from './relay.js';
import type { GateDecision } from './types.js';

export interface GateRunOptions {
  command: string;
  args: string[];
  /** The server's whole environment (essentials plus declared variables; see toServerEnvironment). */
  env: Record<string, string>;
  cwd?: string;
  vetted: Capabilities;
  /** Where the vetted surface came from, for the log. */
  source: string;
  /** The MCP client's side: we read its requests here and answer on stdout. */
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  /** Decisions (one JSON line each) and the server's own stderr lines. */
  stderr: NodeJS.WritableStream;
  requestTimeoutMs?: number;
  /** Largest message accepted from either side. Default 16 MiB. */
  maxMessageBytes?: number;
  /** Stops the server and ends the gate (SIGINT/SIGTERM in the CLI). */
  signal?: AbortSignal;
}

/**
 * Run the relay until the client closes its input or the server exits, then stop the server's process
 * group. Resolves with the exit code: the server's when it exited on its own, 0 when the client ended.
 */
export async function runGate(options: GateRunOptions): Promise<number> {
  const maxMessageBytes = options.maxMessageBytes ?? 16 * 1024 * 1024;
  const log = (decision: GateDecision) =>
    options.stderr.write(
      `${JSON.stringify({ mcpvet: 'gate', time: new Date().toISOString(), ...decision })}\n`,
    );
  const guard = await SurfaceGuard.create(options.vetted);
  let clientGone = false;
  options.stdout.on('error', () => {
    clientGone = true;
  });
  const toClient = (line: string) => {
    if (!clientGone) options.stdout.write(`${line}\n`);
  };

  let finish: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => {
    finish = resolve;
  });
  let server: ServerProcess | undefined;
  const relay = new GateRelay({
    vetted: options.vetted,
    guard,
    toClient,
    toServer: (line) => server?.sendLine(line) ?? false,
    log,
    requestTimeoutMs: options.requestTimeoutMs,
  });

  log({
    event: 'start',
    decision: 'allow',
    source: options.source,
    command: [options.command, ...options.args],
  });
  server = new ServerProcess({
    command: options.command,
    args: options.args,
    env: options.env,
    cwd: options.cwd,
    maxMessageBytes,
    onMessage: (message, line) => void relay.fromServer(message, line),
    onProtocolError: (failure) =>
      log({ event: 'server_protocol_error', decision: 'deny', message: failure.message, line: failure.line }),
    onStderrLine: (line) => options.stderr.write(`${line}\n`),
    onExit: (exit) => {
      log({ event: 'server_exit', decision: 'info', ...exit });
      void relay.idle().then(() => finish(exit.code ?? 1));
    },
    onSpawnError: (error) => {
      log({ event: 'server_exit', decision: 'info', message: `could not start server: ${error.message}` });
      finish(1);
    },
  });

  const clientLines = new LineSplitter(
    maxMessageBytes,
    (line) => void relay.fromClient(line),
    (bytes) =>
      log({
        event: 'client_protocol_error',
        decision: 'deny',
        message: `client message over ${maxMessageBytes} bytes (${bytes}+)`,
      }),
  );
  const onData = (chunk: Buffer | string) =>
    clientLines.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  const onEnd = () => {
    clientLines.flush();
    // forward what the client sent last, then let the server see EOF and stop
    void relay.idle().then(() => finish(0));
  };
  options.stdin.on('data', onData);
  options.stdin.on('end', onEnd);
  // shell convention: 128 + signal number (SIGINT 2, SIGTERM 15)
  const onAbort = () => finish(options.signal?.reason === 'SIGTERM' ? 143 : 130);
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const code = await finished;
  options.stdin.removeListener('data', onData);
  options.stdin.removeListener('end', onEnd);
  options.signal?.removeEventListener('abort', onAbort);
  relay.close();
  await server.stop();
  return code;
}
