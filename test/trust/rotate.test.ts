import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningRegistry, startRegistry } from '../../registry/node/index.js';
import type { SignedRoot } from '../../registry/signing/index.js';
import { verifyAttestationWithRoot } from '../../verifier/trust/index.js';
import { runCliCaptured } from '../helpers/cli.js';
import { makeRelease } from '../helpers/registry-client.js';

const ADMIN = `rotate-admin-${'r'.repeat(40)}`;
const dir = mkdtempSync(join(tmpdir(), 'mcpvet-rotate-'));
const running: RunningRegistry[] = [];
afterAll(async () => {
  for (const r of running) await r.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[]) {
  return runCliCaptured(args, { env: { HOME: dir }, cwd: dir });
}

async function call(r: RunningRegistry, method: string, path: string, body?: unknown) {
  const response = await fetch(`${r.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

describe('mcpvet keys rotate', () => {
  it('issues root v2 signed by the old root, retires the old key, logs it, and verifiers follow the chain', async () => {
    const dataDir = join(dir, 'data');
    const state = join(dir, 'trust-state');
    const first = await startRegistry({ host: '127.0.0.1', port: 0, dataDir, adminToken: ADMIN });
    running.push(first);
    const port = first.port;
    const init = await cli([
      'trust',
      'init',
      '--registry',
      first.url,
      '--root',
      join(dataDir, 'trust', 'root-1.json'),
      '--state',
      state,
    ]);
    expect(init.code, init.stderr).toBe(0);
    const name = 'io.github.rot/srv';
    expect((await call(first, 'POST', '/v1/releases', makeRelease(name, '1.0.0'))).status).toBe(201);
    const oldBundle = (
      await call(first, 'GET', `/v1/servers/${encodeURIComponent(name)}/releases/1.0.0/attestation`)
    ).body;
    await first.close();

    const rotated = await cli(['keys', 'rotate', '--data-dir', dataDir, '--json']);
    expect(rotated.code, rotated.stderr).toBe(0);
    const summary = JSON.parse(rotated.stdout);
    expect(summary.version).toBe(2);
    expect(summary.onlineKeyId).not.toBe(summary.previousOnlineKeyId);

    const second = await startRegistry({ host: '127.0.0.1', port, dataDir, adminToken: ADMIN });
    running.push(second);
    const update = await cli(['trust', 'update', '--registry', second.url, '--state', state]);
    expect(update.code, update.stderr + update.stdout).toBe(0);
    const v2 = JSON.parse(readFileSync(join(dataDir, 'trust', 'root-2.json'), 'utf8')) as SignedRoot;

    const approved = await call(
      second,
      'POST',
      `/v1/servers/${encodeURIComponent(name)}/releases/1.0.0/status`,
      { status: 'rejected' },
    );
    expect(approved.status).toBe(200);
    const newBundle = (
      await call(second, 'GET', `/v1/servers/${encodeURIComponent(name)}/releases/1.0.0/attestation`)
    ).body;
    const expect_ = { name, version: '1.0.0' };
    expect((await verifyAttestationWithRoot(newBundle, v2.signed, expect_, new Date())).ok).toBe(true);
    // retired, not revoked: what the old key signed before the rotation still verifies under v2
    expect((await verifyAttestationWithRoot(oldBundle, v2.signed, expect_, new Date())).ok).toBe(true);

    const entries = (await call(second, 'GET', '/v1/log/entries?start=0&end=10')).body.entries.map(
      (e: string) => JSON.parse(e),
    );
    expect(
      entries
        .filter((e: { type: string }) => e.type === 'key_rotated')
        .map((e: { keyRole: string }) => e.keyRole),
    ).toEqual(['signing', 'log']);
    // the checkpoint is now signed by the new log key, and the log is still one consistent history
    const monitor = await cli([
      'log',
      'verify',
      '--registry',
      second.url,
      '--root',
      join(dataDir, 'trust', 'root-2.json'),
      '--state',
      join(dir, 'log.json'),
      '--full',
    ]);
    expect(monitor.code, monitor.stderr).toBe(0);
  });
});
