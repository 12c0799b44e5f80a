import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { type JSONRPCMessage, McpError } from '@modelcontextprotocol/sdk/types.js';
import { expect } from 'vitest';
import { captureServer } from '../../verifier/capture/index.js';
import { runCli } from '../../verifier/cli/main.js';
import { GATE_ERROR_CODE } from '../../verifier/gate/index.js';
import { fixture, ROOT } from '../capture/helpers.js';

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

/** Vetting, as in the tests: capture the approved fixture server once and write its surface to `dir`. */
export async function vetFixture(name: string, dir: string): Promise<string> {
  const approved = await captureServer(fixture(name));
  expect(approved.ok).toBe(true);
  const file = join(dir, 'vetted.json');
  writeFileSync(file, JSON.stringify(approved.capabilities));
  return file;
}

/** The real `mcpvet exec` binary as an SDK client transport, gating `server` against `vettedFile`. */
export function spawnGateTransport(
  vettedFile: string,
  server: string,
  env: string[] = [],
): StdioClientTransport {
  return new StdioClientTransport({
    command: process.execPath,
    args: [
      '--import',
      'tsx',
      join(ROOT, 'verifier/cli/main.ts'),
      'exec',
      '--capabilities',
      vettedFile,
      ...env.flatMap((e) => ['--env', e]),
      '--',
      process.execPath,
      server,
    ],
    env: { MCPVET_CLI_MAIN: '1', PATH: process.env.PATH ?? '' },
    cwd: ROOT,
    stderr: 'pipe',
  });
}

/** The error the gate answers a refused request with. */
export async function expectGateRefusal(promise: Promise<unknown>): Promise<McpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(McpError);
  expect((error as McpError).code).toBe(GATE_ERROR_CODE);
  return error as McpError;
}
