import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { CaptureTarget } from '../../verifier/capture/index.js';

export const ROOT = join(import.meta.dirname, '../..');
export const FIXTURES = join(ROOT, 'test/fixtures/servers');

export type StdioTarget = Extract<CaptureTarget, { transport: 'stdio' }>;

export function fixture(file: string, args: string[] = [], env?: Record<string, string>): StdioTarget {
  return { transport: 'stdio', command: process.execPath, args: [join(FIXTURES, file), ...args], env };
}

export function broken(...args: string[]): StdioTarget {
  return fixture('broken.mjs', args);
}

export function realServer(pkg: string, args: string[] = [], env?: Record<string, string>): StdioTarget {
  return {
    transport: 'stdio',
    command: process.execPath,
    args: [join(ROOT, 'node_modules/@modelcontextprotocol', pkg, 'dist/index.js'), ...args],
    env,
    id: pkg,
  };
}

/** Whether a process still runs (a zombie waiting for a reaper counts as gone). Linux /proc, else kill 0. */
export function isRunning(pid: number): boolean {
  if (existsSync('/proc')) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return !/^\d+ \(.*\) [ZX]/.test(stat);
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The weather fixture over HTTP on 127.0.0.1; resolves with its URL once it listens. */
export async function startHttpFixture(
  mode: 'streamable' | 'sse',
  variant = 'v1',
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(FIXTURES, 'weather-http.mjs'), mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, FIXTURE_VARIANT: variant },
  });
  const [chunk] = await once(child.stdout as NodeJS.ReadableStream, 'data');
  const { port } = JSON.parse(String(chunk)) as { port: number };
  return { url: `http://127.0.0.1:${port}/${mode === 'sse' ? 'sse' : 'mcp'}`, child };
}

/** In-process CLI streams that collect what a command writes. */
export function memoryIO(cwd: string, env: NodeJS.ProcessEnv = process.env) {
  let out = '';
  let err = '';
  const writable = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        append(String(chunk));
        done();
      },
    });
  return {
    io: {
      stdout: writable((s) => {
        out += s;
      }),
      stderr: writable((s) => {
        err += s;
      }),
      env,
      cwd,
    },
    stdout: () => out,
    stderr: () => err,
  };
}
