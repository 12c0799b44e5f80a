import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRegistryError } from '../../registry/errors/index.js';
import {
  encodeLogEntry,
  generateNoteKeys,
  type LogRouteDeps,
  logRoutes,
  MemoryLog,
  parseSignerKey,
} from '../../registry/log/index.js';
import { runCliCaptured } from '../helpers/cli.js';

// Real log entries, so the --full audit's per-entry check passes for the honest log.
function leafInput(i: number): Uint8Array {
  return encodeLogEntry({
    v: 1,
    type: 'release_submitted',
    time: '2026-03-01T10:00:00Z',
    actor: 'publisher:acme',
    attestationDigest: `sha256:${i.toString(16).padStart(64, '0')}`,
    name: 'io.github.acme/weather',
    version: `1.0.${i}`,
    releaseDigest: `sha256:${'b'.repeat(64)}`,
  });
}

const ORIGIN = 'registry.local/log';
let dir: string;
let server: ServerType;
let url: string;
let verifierKey: string;
let current: LogRouteDeps; // what the loopback registry serves right now
let honest: MemoryLog;
let forked: MemoryLog;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mcpvet-log-cli-'));
  const keys = await generateNoteKeys(ORIGIN);
  verifierKey = keys.verifierKey;
  const signers = [await parseSignerKey(keys.signerKey)];
  honest = new MemoryLog();
  forked = new MemoryLog();
  await honest.append(Array.from({ length: 10 }, (_, i) => leafInput(i)));
  await forked.append(Array.from({ length: 10 }, (_, i) => leafInput(i === 3 ? 999 : i)));
  current = { log: honest, origin: ORIGIN, signers };
  const app = new Hono();
  app.route('/', logRoutes({ resolve: () => current }));
  app.onError((error, c) =>
    c.json(
      { code: isRegistryError(error) ? error.code : 'internal' },
      isRegistryError(error) ? (error.status as 400) : 500,
    ),
  );
  await new Promise<void>((ready) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => ready());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((done) => server.close(done));
  await rm(dir, { recursive: true, force: true });
});

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const run = await runCliCaptured(argv, { env: { HOME: dir }, cwd: dir });
  return { code: run.code, out: run.stdout, err: run.stderr };
}

describe('mcpvet log verify', () => {
  it('accepts, advances, audits, and exits 3 on a forked log without forgetting the good checkpoint', async () => {
    const state = join(dir, 'state.json');
    const args = ['log', 'verify', '--registry', url, '--key', verifierKey, '--state', state];
    current = { ...current, log: honest };

    const first = await cli([...args, '--full']);
    expect(first.err).toBe('');
    expect(first).toMatchObject({ code: 0 });
    expect(first.out).toContain(`log ${ORIGIN} at ${url}: size 10`);
    expect(first.out).toContain('log_first_seen');
    expect(first.out).toContain('log_rebuilt');

    await honest.append([leafInput(10), leafInput(11)]);
    const grown = await cli([...args, '--json']);
    expect(grown.code).toBe(0);
    expect(JSON.parse(grown.out)).toMatchObject({ size: 12, results: [{ code: 'log_advanced' }] });

    current = { ...current, log: forked };
    await forked.append([leafInput(10), leafInput(11)]);
    const fork = await cli(args);
    expect(fork.code).toBe(3);
    expect(fork.err).toContain('[log_fork]');
    expect(JSON.parse(await readFile(state, 'utf8')).logs[url].size).toBe(12);

    const usage = await cli(['log', 'verify', '--registry', url]);
    expect(usage.code).toBe(2);
    const badKey = await cli([...args, '--key', 'not-a-key']);
    expect(badKey.code).toBe(2);
    expect(badKey.err).toContain('[config_invalid]');
  });

  it('runs as the real binary: exit 0 for the honest log, 3 once it forks', async () => {
    const state = join(dir, 'binary-state.json');
    const run = async () => {
      try {
        await promisify(execFile)(
          process.execPath,
          ['--import', 'tsx', 'verifier/cli/main.ts', 'log', 'verify', '--registry', url, '--state', state],
          { env: { ...process.env, MCPVET_CLI_MAIN: '1', MCPVET_LOG_KEY: verifierKey }, cwd: process.cwd() },
        );
        return 0;
      } catch (error) {
        return (error as { code: number }).code;
      }
    };
    current = { ...current, log: honest };
    expect(await run()).toBe(0);
    current = { ...current, log: forked };
    expect(await run()).toBe(3);
  });
});
