import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRoot,
  generateSigningKey,
  type SignedRoot,
  signRoot,
  toPublicKeyInfo,
} from '../../registry/signing/index.js';
import { runCli } from '../../verifier/cli/main.js';
import { readTrustState, recordSnapshotVersion, writeTrustState } from '../../verifier/trust/index.js';
import { captureIO } from '../sigstore/cli-io.js';

const ROOT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DAY = 24 * 60 * 60 * 1000;

/** A loopback registry that serves /v1/trust/roots/<n> from a mutable map. */
async function serveRoots(
  roots: Map<number, unknown>,
): Promise<{ url: string; server: Server; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const match = /^\/v1\/trust\/roots\/(\d+)$/.exec(req.url ?? '');
    const body = match ? roots.get(Number(match[1])) : undefined;
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? { code: 'not_found', message: 'no such root' }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, requests };
}

describe('mcpvet trust', () => {
  let work: string;
  let registry: { url: string; server: Server; requests: string[] };
  const roots = new Map<number, unknown>();
  let keys: Awaited<ReturnType<typeof generateSigningKey>>[];

  const rootAt = async (version: number, rootKeys = keys, signers = keys) => {
    const online = await generateSigningKey();
    const doc = createRoot({
      registry: registry.url,
      version,
      expires: new Date(Date.now() + 365 * DAY),
      rootKeys: rootKeys.map(toPublicKeyInfo),
      threshold: 2,
      signingKeys: [
        {
          ...toPublicKeyInfo(online),
          role: 'attestation',
          notBefore: new Date(Date.now() - DAY),
          notAfter: new Date(Date.now() + 90 * DAY),
        },
      ],
    });
    return signRoot(doc, signers);
  };

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'mcpvet-trust-'));
    registry = await serveRoots(roots);
    keys = await Promise.all([generateSigningKey(), generateSigningKey(), generateSigningKey()]);
  });
  afterAll(async () => {
    await new Promise((done) => registry.server.close(done));
    await rm(work, { recursive: true, force: true });
  });

  const cli = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const io = captureIO(work, env);
    const code = await runCli(['trust', ...args], io);
    return { code, out: io.out(), err: io.err() };
  };

  it('pins a root, follows signed rotations from the registry, and refuses one not signed by the old threshold', async () => {
    const state = join(work, 'state-a');
    const v1 = await rootAt(1);
    await writeFile(join(work, 'root.json'), JSON.stringify(v1));
    const init = await cli(['init', '--registry', registry.url, '--root', 'root.json', '--state', state]);
    expect(init.code, init.err).toBe(0);
    expect(init.out).toContain('pinned root v1');

    // nothing newer yet
    const current = await cli(['update', '--registry', registry.url, '--state', state]);
    expect([current.code, current.out]).toEqual([0, expect.stringContaining('root is current')]);

    // v2 rotates to new keys, countersigned by two of the old ones
    const fresh = await Promise.all([generateSigningKey(), generateSigningKey()]);
    roots.set(2, await rootAt(2, fresh, [keys[0], keys[1], ...fresh] as typeof keys));
    const updated = await cli(['update', '--registry', registry.url, '--state', state]);
    expect(updated.code, updated.err).toBe(0);
    expect(updated.out).toContain('root updated v1 -> v2');
    expect(registry.requests).toContain('/v1/trust/roots/2');

    // v3 signed by only one v2 key: refused, pinned root stays at v2
    roots.set(3, await rootAt(3, fresh, [fresh[0]] as typeof keys));
    const refused = await cli(['update', '--registry', registry.url, '--state', state]);
    expect(refused.code).toBe(3);
    expect(refused.err).toContain('[root_rotation_invalid]');
    const stored = JSON.parse(await readFile(join(state, 'root.json'), 'utf8')) as SignedRoot;
    expect(stored.signed.version).toBe(2);

    const show = await cli(['show', '--registry', registry.url, '--state', state, '--json']);
    expect(JSON.parse(show.out).root.signed.version).toBe(2);
    roots.clear();
  });

  it('refuses to pin an under-signed root or one for another registry, and to re-pin silently', async () => {
    const state = join(work, 'state-b');
    await writeFile(join(work, 'weak.json'), JSON.stringify(await rootAt(1, keys, [keys[0]] as typeof keys)));
    const weak = await cli(['init', '--registry', registry.url, '--root', 'weak.json', '--state', state]);
    expect([weak.code, weak.err]).toEqual([3, expect.stringContaining('[root_signature_invalid]')]);

    await writeFile(join(work, 'good.json'), JSON.stringify(await rootAt(1)));
    const other = await cli([
      'init',
      '--registry',
      'https://elsewhere.example',
      '--root',
      'good.json',
      '--state',
      state,
    ]);
    expect([other.code, other.err]).toEqual([3, expect.stringContaining('[root_invalid]')]);

    expect(
      (await cli(['init', '--registry', registry.url, '--root', 'good.json', '--state', state])).code,
    ).toBe(0);
    await writeFile(join(work, 'good2.json'), JSON.stringify(await rootAt(1)));
    const again = await cli(['init', '--registry', registry.url, '--root', 'good2.json', '--state', state]);
    expect([again.code, again.err]).toEqual([2, expect.stringContaining('already pinned')]);
    expect(
      (await cli(['init', '--registry', registry.url, '--root', 'good2.json', '--state', state, '--force']))
        .code,
    ).toBe(0);
  });

  it('stores state under ~/.mcpvet/trust/<host>/ by default and accepts rotations from files', async () => {
    const home = join(work, 'home');
    const v1 = await rootAt(1);
    await writeFile(join(work, 'v1.json'), JSON.stringify(v1));
    expect((await cli(['init', '--registry', registry.url, '--root', 'v1.json'], { HOME: home })).code).toBe(
      0,
    );
    const host = new URL(registry.url).host.replace(':', '_');
    const stored = JSON.parse(await readFile(join(home, '.mcpvet', 'trust', host, 'root.json'), 'utf8'));
    expect(stored.signed.version).toBe(1);
    await writeFile(join(work, 'v2.json'), JSON.stringify(await rootAt(2)));
    const update = await cli(['update', '--registry', registry.url, '--root', 'v2.json'], { HOME: home });
    expect([update.code, update.out]).toEqual([0, expect.stringContaining('v1 -> v2')]);
  });

  it('works through the real binary', async () => {
    const state = join(work, 'state-bin');
    await writeFile(join(work, 'bin-root.json'), JSON.stringify(await rootAt(1)));
    const run = promisify(execFile);
    const argv = ['--import', 'tsx', 'verifier/cli/main.ts', 'trust', 'init', '--registry', registry.url];
    const { stdout } = await run(
      process.execPath,
      [...argv, '--root', join(work, 'bin-root.json'), '--state', state],
      {
        cwd: ROOT_DIR,
        env: { ...process.env, MCPVET_CLI_MAIN: '1' },
      },
    );
    expect(stdout).toContain('pinned root v1');
  });
});

describe('trust state', () => {
  it('remembers the highest snapshot version seen, never a lower one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mcpvet-state-'));
    try {
      await expect(recordSnapshotVersion(dir, 3)).rejects.toThrow(/no trust root pinned/);
      const root = { signed: { version: 1 } } as unknown as SignedRoot;
      await writeTrustState(dir, { registry: 'https://registry.example', root, updatedAt: '' });
      expect((await recordSnapshotVersion(dir, 5)).lastSnapshotVersion).toBe(5);
      expect((await recordSnapshotVersion(dir, 4)).lastSnapshotVersion).toBe(5);
      expect((await readTrustState(dir))?.lastSnapshotVersion).toBe(5);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
