import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEd25519SignerFromKeys, parseCheckpoint, signCheckpoint } from '../../registry/log/index.js';
import type { Capabilities } from '../../registry/records/index.js';
import {
  createRoot,
  generateSigningKey,
  type OnlineKey,
  type SignedRoot,
  signRoot,
  toPublicKeyInfo,
} from '../../registry/signing/index.js';
import { captureServer } from '../../verifier/capture/index.js';
import { loadPolicy } from '../../verifier/policy/index.js';
import { runVerification } from '../../verifier/verify/index.js';
import { realServer } from '../capture/helpers.js';
import { entryFor, failingCodes, getJson, type Project, startWorld, type World } from './world.js';

// Key and root problems: roots v2 signed with the registry's own root key (from its data dir), served
// by the proxy at /v1/trust/roots/2, and checkpoints signed with its log key.

let world: World;
let project: Project;
const MEMORY = 'io.github.modelcontextprotocol/server-memory';
const DAY = 24 * 3600_000;

beforeAll(async () => {
  world = await startWorld();
  const memory = await captureServer(
    realServer('server-memory', [], { MEMORY_FILE_PATH: join(world.tmp, 'm.jsonl') }),
  );
  await world.publish(MEMORY, 'server-memory', memory.capabilities as Capabilities, ['approved']);
}, 60_000);

afterEach(() => {
  world.proxy.override = undefined;
});

afterAll(async () => {
  await world?.close();
});

async function freshProject(label: string): Promise<Project> {
  project = await world.project(label, {
    memory: entryFor('server-memory', [], { MEMORY_FILE_PATH: join(world.tmp, 'm.jsonl') }),
  });
  return project;
}

/** Serve `root` as root v2 (and nothing after it). */
function serveRotation(root: SignedRoot): void {
  world.proxy.override = ({ url }) => {
    if (url.pathname === '/v1/trust/roots/2') return Response.json(root);
    if (/^\/v1\/trust\/roots\/\d+$/.test(url.pathname))
      return Response.json({ code: 'not_found', message: 'no' }, { status: 404 });
    return undefined;
  };
}

async function rotation(
  change: (keys: OnlineKey[]) => OnlineKey[],
  sign: 'old' | 'new' | 'both' = 'old',
): Promise<SignedRoot> {
  const v1 = await getJson<SignedRoot>(world, '/v1/trust/root');
  const { root } = await world.keys();
  const replacement = await generateSigningKey();
  const newRootKeys = sign === 'old' ? [root] : [replacement];
  const doc = createRoot({
    registry: world.url,
    version: 2,
    expires: new Date(Date.now() + 300 * DAY),
    rootKeys: newRootKeys.map(toPublicKeyInfo),
    threshold: 1,
    signingKeys: change(v1.signed.signingKeys),
  });
  const signers = sign === 'old' ? [root] : sign === 'new' ? [replacement] : [root, replacement];
  return signRoot(doc, signers);
}

describe('signing keys and root rotations', () => {
  it('the baseline verifies under root v1', async () => {
    const run = await world.verify(await freshProject('keys-baseline'));
    expect(run.report?.findings).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('an attestation key the newer root no longer lists is signing_key_revoked', async () => {
    const fresh = toPublicKeyInfo(await generateSigningKey());
    const now = Date.now();
    serveRotation(
      await rotation((keys) => [
        ...keys.filter((k) => k.role !== 'attestation'),
        {
          ...fresh,
          role: 'attestation',
          notBefore: new Date(now - DAY).toISOString(),
          notAfter: new Date(now + DAY).toISOString(),
        },
      ]),
    );
    const run = await world.verify(await freshProject('revoked-key'));
    expect(run.code).toBe(3);
    expect(failingCodes(run)).toEqual(['signing_key_revoked']);
  });

  it("an attestation signed outside its key's window in the newer root is signing_key_expired", async () => {
    const now = Date.now();
    serveRotation(
      await rotation((keys) =>
        keys.map((k) =>
          k.role === 'attestation'
            ? {
                ...k,
                notBefore: new Date(now - 10 * DAY).toISOString(),
                notAfter: new Date(now - 5 * DAY).toISOString(),
              }
            : k,
        ),
      ),
    );
    const run = await world.verify(await freshProject('expired-key'));
    expect(run.code).toBe(3);
    expect(failingCodes(run)).toEqual(['signing_key_expired']);
  });

  it('a rotation signed only by its own new root key (not the old threshold) is root_rotation_invalid', async () => {
    serveRotation(await rotation((keys) => keys, 'new'));
    const run = await world.verify(await freshProject('bad-rotation'));
    expect(run.code).toBe(3);
    expect(failingCodes(run)).toEqual(['root_rotation_invalid']);
    // signed by old and new, the same rotation is followed
    serveRotation(await rotation((keys) => keys, 'both'));
    const ok = await world.verify(await freshProject('good-rotation'));
    expect(ok.report?.findings).toEqual([]);
    expect(ok.code).toBe(0);
  });

  it('a snapshot past its expiry is snapshot_expired (the registry view may be frozen)', async () => {
    const p = await freshProject('expired-snapshot');
    const run = await runVerification({
      cwd: p.cwd,
      env: p.env,
      home: p.env.HOME as string,
      policy: await loadPolicy(p.cwd),
      registries: [world.url],
      clients: [],
      includeUser: false,
      offline: false,
      npm: {},
      now: new Date(Date.now() + 25 * 3600_000),
    });
    expect(run.exitCode).toBe(3);
    expect(run.report.findings.map((f) => f.code)).toEqual(['snapshot_expired']);
  });
});

describe('the transparency log', () => {
  it('a checkpoint of the same size with another root (signed by the log key) is log_fork', async () => {
    const p = await freshProject('fork');
    expect((await world.verify(p)).code).toBe(0);
    const note = await (await fetch(`${world.running.url}/v1/log/checkpoint`)).text();
    const checkpoint = parseCheckpoint(note.slice(0, note.indexOf('\n\n') + 1));
    const { online } = await world.keys();
    const signer = await createEd25519SignerFromKeys(checkpoint.origin, online.privateKey, online.publicKey);
    const forged = await signCheckpoint({ ...checkpoint, rootHash: new Uint8Array(32).fill(7) }, [signer]);
    world.proxy.override = ({ url }) =>
      url.pathname === '/v1/log/checkpoint'
        ? new Response(forged, { headers: { 'content-type': 'text/plain' } })
        : undefined;
    const run = await world.verify(p);
    expect(run.code).toBe(3);
    expect(failingCodes(run)).toEqual(['log_fork']);
  });

  it("another event served at the attestation's log index is log_entry_mismatch", async () => {
    const p = await freshProject('entry');
    world.proxy.override = async ({ url }) => {
      if (url.pathname !== '/v1/log/entries') return undefined;
      const start = Number(url.searchParams.get('start'));
      const other = await getJson<{ entries: string[] }>(
        world,
        `/v1/log/entries?start=${start === 0 ? 1 : 0}&end=${start === 0 ? 2 : 1}`,
      );
      return Response.json({ start, end: start + 1, entries: other.entries });
    };
    const run = await world.verify(p);
    expect(run.code).toBe(3);
    expect(failingCodes(run)).toEqual(['log_entry_mismatch']);
  });

  it('an inclusion proof that does not lead to the signed root is log_entry_not_included', async () => {
    const p = await freshProject('proof');
    world.proxy.override = async ({ url }) => {
      if (url.pathname !== '/v1/log/proof/inclusion') return undefined;
      const real = await getJson<{ proof: string[] }>(world, `${url.pathname}${url.search}`);
      return Response.json({ ...real, proof: real.proof.map(() => Buffer.alloc(32, 1).toString('base64')) });
    };
    const run = await world.verify(p);
    expect(run.code).toBe(3);
    expect(failingCodes(run)).toEqual(['log_entry_not_included']);
  });
});
