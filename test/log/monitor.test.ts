import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningRegistry, startRegistry } from '../../registry/node/index.js';
import { runCliCaptured } from '../helpers/cli.js';
import { makeRelease } from '../helpers/registry-client.js';

const ADMIN = `monitor-admin-${'m'.repeat(40)}`;
const dir = mkdtempSync(join(tmpdir(), 'mcpvet-monitor-'));
const running: RunningRegistry[] = [];
afterAll(async () => {
  for (const r of running) await r.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[]) {
  return runCliCaptured(args, { env: { HOME: dir }, cwd: dir });
}

async function post(registry: RunningRegistry, path: string, body: unknown): Promise<number> {
  const r = await fetch(`${registry.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
    body: JSON.stringify(body),
  });
  await r.text();
  return r.status;
}

describe('mcpvet log monitor', () => {
  it('reports each new event with its inclusion proven, and stops with exit 3 at a fork', async () => {
    const first = await startRegistry({
      host: '127.0.0.1',
      port: 0,
      dataDir: join(dir, 'a'),
      adminToken: ADMIN,
    });
    running.push(first);
    const root = join(dir, 'a', 'trust', 'root-1.json');
    const state = join(dir, 'state.json');
    const watch = (registry: RunningRegistry, from: number) =>
      cli([
        'log',
        'monitor',
        '--registry',
        registry.url,
        '--root',
        root,
        '--state',
        state,
        '--once',
        '--from',
        String(from),
      ]);

    expect(await post(first, '/v1/releases', makeRelease('io.github.mon/a', '1.0.0'))).toBe(201);
    expect(await post(first, '/v1/releases', makeRelease('io.github.mon/b', '1.0.0'))).toBe(201);
    let run = await watch(first, 0);
    expect(run.code, run.stderr).toBe(0);
    let events = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.map((e) => [e.index, e.type, e.name])).toEqual([
      [0, 'release_submitted', 'io.github.mon/a'],
      [1, 'release_submitted', 'io.github.mon/b'],
    ]);
    expect(run.stderr).toMatch(/consistent at size 2/);

    expect(
      await post(first, '/v1/servers/io.github.mon%2Fa/releases/1.0.0/status', { status: 'rejected' }),
    ).toBe(200);
    run = await watch(first, 2);
    expect(run.code, run.stderr).toBe(0);
    events = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.map((e) => [e.index, e.type, e.to])).toEqual([[2, 'status_changed', 'rejected']]);

    // The same registry address now serves another history signed with the same keys: three entries,
    // other events (what a registry showing different teams different logs looks like to one of them).
    const port = first.port;
    await first.close();
    const forkDir = join(dir, 'b');
    cpSync(join(dir, 'a', 'keys'), join(forkDir, 'keys'), { recursive: true });
    cpSync(join(dir, 'a', 'trust'), join(forkDir, 'trust'), { recursive: true });
    const fork = await startRegistry({ host: '127.0.0.1', port, dataDir: forkDir, adminToken: ADMIN });
    running.push(fork);
    for (const n of ['x', 'y', 'z'])
      expect(await post(fork, '/v1/releases', makeRelease(`io.github.mon/${n}`, '1.0.0'))).toBe(201);
    run = await watch(fork, 3);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/log_fork/);
    await fork.close();
    // the fork was not accepted: the honest log, back at that address, still verifies
    const again = await startRegistry({
      host: '127.0.0.1',
      port,
      dataDir: join(dir, 'a'),
      adminToken: ADMIN,
    });
    running.push(again);
    run = await watch(again, 3);
    expect(run.code, run.stderr).toBe(0);
  });
});
