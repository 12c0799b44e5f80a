import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../registry/api/index.js';
import { bootstrapAdmin } from '../../registry/bootstrap/index.js';
import {
  createEd25519VerifierFromSpki,
  fromBase64,
  hashLeaf,
  parseCheckpoint,
  verifyCheckpoint,
  verifyInclusion,
} from '../../registry/log/index.js';
import { loadOrCreateTrust } from '../../registry/node/keys.js';
import { fromPem } from '../../registry/signing/encoding.js';
import type { SignedRoot } from '../../registry/signing/index.js';
import { type OpenedSqliteStore, openSqliteStore } from '../../registry/sqlite/index.js';
import {
  checkAttestationInSnapshot,
  checkSnapshot,
  verifyAttestationWithRoot,
} from '../../verifier/trust/index.js';
import { makeRelease, path, TestApi } from '../helpers/registry-client.js';

const ADMIN = `signed-admin-${'s'.repeat(40)}`;
const NAME = 'io.github.signed/srv';
let dir: string;
let opened: OpenedSqliteStore;
let api: TestApi;
let root: SignedRoot;
const tokens = { publisher: '', reviewer: '', assessor: '' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mcpvet-signed-'));
  opened = await openSqliteStore(join(dir, 'registry.db'));
  await bootstrapAdmin(opened.store, { envToken: ADMIN });
  const files = await loadOrCreateTrust(dir, { registry: 'http://registry.test', explicitRegistry: true });
  root = files.trust.roots[0] as SignedRoot;
  const app = createApp({ store: opened.store, trust: files.trust });
  api = new TestApi({ adminToken: ADMIN, fetch: async (r) => app.request(r), close: async () => {} });
  tokens.publisher = (
    await api.createToken(ADMIN, { role: 'publisher', namespaces: ['io.github.signed/*'] })
  ).token;
  tokens.reviewer = (await api.createToken(ADMIN, { role: 'reviewer', subject: 'rev' })).token;
  tokens.assessor = (await api.createToken(ADMIN, { role: 'assessor' })).token;
});
afterAll(async () => {
  await opened.store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function logVerifier() {
  const key = root.signed.signingKeys.find((k) => k.role === 'log');
  if (!key) throw new Error('root has no log key');
  const checkpoint = await api.get('/v1/log/checkpoint');
  const origin = (checkpoint.body as string).split('\n')[0] as string;
  return {
    verifier: await createEd25519VerifierFromSpki(origin, fromPem(key.publicKeyPem, 'PUBLIC KEY')),
    note: checkpoint.body as string,
    origin,
  };
}

describe('a signing registry', () => {
  it('keeps its keys private to the owner on disk', () => {
    expect(statSync(join(dir, 'keys', 'online.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'keys', 'root-1.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'keys')).mode & 0o777).toBe(0o700);
  });

  it('serves its root, signs every event and logs it with the attestation digest', async () => {
    expect((await api.get('/v1/trust/root')).body).toEqual(root);
    expect((await api.get('/v1/trust/roots/1')).body).toEqual(root);
    expect((await api.get('/v1/trust/roots/2')).status).toBe(404);

    const release = makeRelease(NAME, '1.0.0');
    const published = await api.post('/v1/releases', release, tokens.publisher);
    expect(published.status).toBe(201);
    expect(published.body.logIndex).toBe(0);
    const approved = await api.post(
      path(NAME, 'releases', '1.0.0', 'status'),
      { status: 'approved' },
      tokens.reviewer,
    );
    expect(approved.body).toMatchObject({ status: 'approved', logIndex: 1 });
    const assessed = await api.post(
      path(NAME, 'releases', '1.0.0', 'assessments'),
      {
        assessor: { id: 'scan' },
        method: 'automated',
        tool: { name: 'mcpvet', version: '0' },
        date: '2026-01-01T00:00:00Z',
        findings: [],
        risk: 'low',
        verdict: 'approve',
      },
      tokens.assessor,
    );
    expect(assessed.status).toBe(201);

    const attestation = await api.get(path(NAME, 'releases', '1.0.0', 'attestation'));
    expect(attestation.status).toBe(200);
    expect(attestation.headers.get('x-mcpvet-log-index')).toBe('2');
    const now = new Date();
    const check = await verifyAttestationWithRoot(
      attestation.body,
      root.signed,
      { name: NAME, version: '1.0.0', releaseDigest: published.body.releaseDigest },
      now,
    );
    expect(check.ok, JSON.stringify(check)).toBe(true);
    if (!check.ok) return;
    expect(check.statement.predicate).toMatchObject({
      status: 'approved',
      logIndex: 2,
      assessment: { digest: assessed.body.digest, risk: 'low', verdict: 'approve' },
      registry: 'http://registry.test',
    });
    // the registry computes the capability fingerprint itself
    expect(check.statement.predicate.capabilityFingerprint).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(check.statement.subject.map((s) => s.name)).toContain('pkg:npm/%40signed/srv@1.0.0');
    const history = await api.get(path(NAME, 'releases', '1.0.0', 'attestations'));
    expect(history.body.attestations.map((a: { status: string }) => a.status)).toEqual([
      'submitted',
      'approved',
      'approved',
    ]);

    const snapshot = await api.get('/v1/snapshot');
    const snapCheck = await checkSnapshot(snapshot.body, root.signed, undefined, now);
    expect(snapCheck.ok, JSON.stringify(snapCheck)).toBe(true);
    expect(snapshot.body.signed.version).toBe(4);
    const match = checkAttestationInSnapshot(
      {
        name: NAME,
        version: '1.0.0',
        attestationDigest: check.digest,
        status: 'approved',
        releaseDigest: published.body.releaseDigest,
        capabilityFingerprint: check.statement.predicate.capabilityFingerprint,
      },
      snapshot.body.signed,
    );
    expect(match.ok, JSON.stringify(match)).toBe(true);

    const { verifier, note, origin } = await logVerifier();
    const opened = await verifyCheckpoint(note, [verifier], { origin });
    expect(opened.ok, JSON.stringify(opened)).toBe(true);
    const checkpoint = parseCheckpoint(`${note.split('\n\n')[0]}\n`);
    expect(checkpoint.size).toBe(3);
    const entries = await api.get('/v1/log/entries?start=0&end=3');
    expect(entries.status).toBe(200);
    const entryText = entries.body.entries[2] as string;
    expect(JSON.parse(entryText)).toMatchObject({
      type: 'assessment_added',
      attestationDigest: check.digest,
      name: NAME,
    });
    const proof = await api.get('/v1/log/proof/inclusion?index=2&size=3');
    const hashes = proof.body.proof.map((h: string) => fromBase64(h));
    expect(
      await verifyInclusion(
        await hashLeaf(new TextEncoder().encode(entryText)),
        2,
        3,
        hashes,
        checkpoint.rootHash,
      ),
    ).toBe(true);
  });

  it('grows the snapshot version with every event and keeps the log dense under concurrent writes', async () => {
    const before = (await api.get('/v1/snapshot')).body.signed.version;
    await Promise.all(
      ['2.0.0', '2.1.0', '2.2.0', '2.3.0', '2.4.0'].map((v) =>
        api.post('/v1/releases', makeRelease(NAME, v), tokens.publisher),
      ),
    );
    const results = await Promise.all(
      ['2.0.0', '2.1.0', '2.2.0', '2.3.0', '2.4.0'].map((v) =>
        api.post(path(NAME, 'releases', v, 'status'), { status: 'approved' }, tokens.reviewer),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const after = (await api.get('/v1/snapshot')).body;
    expect(after.signed.version).toBe(before + 10);
    const db = opened.driver.db;
    const log = db.prepare('SELECT idx, entry FROM log_entries ORDER BY idx').all() as {
      idx: number;
      entry: string;
    }[];
    expect(log.map((l) => l.idx)).toEqual(log.map((_, i) => i));
    const attestations = db
      .prepare('SELECT log_index, digest FROM attestations ORDER BY log_index')
      .all() as { log_index: number; digest: string }[];
    expect(attestations.map((a) => a.log_index)).toEqual(log.map((l) => l.idx));
    for (const a of attestations) {
      expect(JSON.parse(log[a.log_index]?.entry as string).attestationDigest).toBe(a.digest);
    }
  });

  it('refuses to sign with a key its root does not list', async () => {
    const other = mkdtempSync(join(tmpdir(), 'mcpvet-signed-other-'));
    try {
      const { exportSigningKey, generateSigningKey } = await import('../../registry/signing/index.js');
      await loadOrCreateTrust(other, { registry: 'http://x.test', explicitRegistry: true });
      const stranger = await exportSigningKey(await generateSigningKey());
      await expect(
        loadOrCreateTrust(other, {
          registry: 'http://x.test',
          explicitRegistry: true,
          signingKeyPem: stranger,
        }),
      ).rejects.toMatchObject({ code: 'unavailable' });
      await expect(
        loadOrCreateTrust(other, { registry: 'http://y.test', explicitRegistry: true }),
      ).rejects.toMatchObject({
        code: 'unavailable',
      });
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
