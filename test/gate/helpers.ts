import { PassThrough, Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { runCli } from '../../verifier/cli/main.js';

/** An SDK client transport over in-memory streams, so `mcpvet exec` can run in process. */
class StreamTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private buffer = '';

  constructor(
    private readonly toGate: PassThrough,
    private readonly fromGate: PassThrough,
  ) {}

  async start(): Promise<void> {
    this.fromGate.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('utf8');
      let nl = this.buffer.indexOf('\n');
      while (nl >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        if (line.trim()) this.onmessage?.(JSON.parse(line) as JSONRPCMessage);
        nl = this.buffer.indexOf('\n');
      }
    });
    this.fromGate.on('end', () => this.onclose?.());
  }

  async send(message: JSONRPCMessage): Promise<void> {
    this.toGate.write(`${JSON.stringify(message)}\n`);
  }

  async close(): Promise<void> {
    this.toGate.end();
  }
}

/** `mcpvet exec …` in process: a transport for an SDK client, the decisions it logged, and its exit code. */
export function startGateInProcess(argv: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let stderr = '';
  const io = {
    stdin,
    stdout,
    stderr: new Writable({
      write(chunk, _enc, done) {
        stderr += String(chunk);
        done();
      },
    }),
    env,
    cwd,
  };
  const exit = runCli(['exec', ...argv], io).finally(() => stdout.end());
  return {
    transport: new StreamTransport(stdin, stdout),
    stdin,
    stdout,
    exit,
    stderr: () => stderr,
    decisions: () =>
      stderr
        .split('\n')
        .filter((l) => l.startsWith('{"mcpvet":"gate"'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
