import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makePersistDir, OFFLINE_ENV, ROOT } from './workerd.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function waitForOutput(child: ChildProcess, pattern: RegExp, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${ms} ms:\n${seen}`)), ms);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve(seen);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ${pattern}:\n${seen}`));
    });
  });
}

// `npm run dev:worker` end to end: migrations into a fresh local D1, wrangler dev --local, the admin token.
describe('npm run dev:worker', () => {
  const dir = makePersistDir();
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child?.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the registry from workerd with migrated local D1 and a kept dev admin token', async () => {
    const port = await freePort();
    child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(ROOT, 'scripts/dev-worker.ts'),
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--persist-to',
        dir,
      ],
      {
        cwd: ROOT,
        env: { ...process.env, ...OFFLINE_ENV, MCPVET_ADMIN_TOKEN: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const output = await waitForOutput(child, /Ready on http/, 60_000);
    const token = /admin token (\S+)/.exec(output)?.[1];
    expect(token).toMatch(/^mcpvet-dev-/);
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const tokens = await fetch(`${base}/v1/tokens`, { headers: { authorization: `Bearer ${token}` } });
    expect(tokens.status).toBe(200);
    expect(((await tokens.json()) as { tokens: { role: string }[] }).tokens[0]?.role).toBe('admin');
  });
});
