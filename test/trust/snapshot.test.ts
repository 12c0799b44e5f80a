import { describe, expect, it } from 'vitest';
import {
  type SignedSnapshot,
  type SnapshotRelease,
  signReleaseAttestation,
  signSnapshot,
  toAttestationDigest,
} from '../../registry/signing/index.js';
import {
  checkAttestationInSnapshot,
  checkSnapshot,
  verifyAttestationWithRoot,
} from '../../verifier/trust/index.js';
import { releaseInput } from '../signing/fixtures.js';
import { at, makeWorld, REGISTRY } from './world.js';

async function entryFor(
  bundle: unknown,
  status: SnapshotRelease['status'] = 'approved',
): Promise<SnapshotRelease> {
  const input = releaseInput({ status });
  return {
    name: input.server.name,
    version: input.server.version,
    status,
    releaseDigest: input.releaseDigest,
    digests: { '@acme/weather': 'sha512-…' },
    capabilityFingerprint: input.capabilityFingerprint as string,
    attestationDigest: await toAttestationDigest(bundle),
  };
}

describe('signed snapshots', () => {
  it('pass when current, then detect rollback, freeze, tampering and foreign keys, each with its own code', async () => {
    const { v1, attestation, snapshot: snapshotKey } = await makeWorld();
    const root = v1.signed;
    const bundle = await signReleaseAttestation(releaseInput(), attestation.key, { signedAt: at(1) });
    const make = async (version: number, expiresDay: number, key = snapshotKey.key) =>
      signSnapshot(
        {
          registry: REGISTRY,
          version,
          rootVersion: 1,
          timestamp: at(2),
          expires: at(expiresDay),
          releases: [await entryFor(bundle)],
        },
        key,
      );

    const v7 = await make(7, 9);
    const baseline = await checkSnapshot(v7, root, 7, at(3));
    expect(baseline.code).toBe('verified');
    expect((await checkSnapshot(v7, root, undefined, at(3))).code).toBe('verified');

    const v6 = await make(6, 9);
    expect((await checkSnapshot(v6, root, 7, at(3))).code).toBe('snapshot_rollback');
    expect((await checkSnapshot(v7, root, 7, at(9))).code).toBe('snapshot_expired');

    const edited: SignedSnapshot = { ...v7, signed: { ...v7.signed, version: 8 } };
    expect((await checkSnapshot(edited, root, 7, at(3))).code).toBe('signature_invalid');

    const byAttestationKey = await make(8, 9, attestation.key);
    expect((await checkSnapshot(byAttestationKey, root, 7, at(3))).code).toBe('signing_key_revoked');

    // the snapshot key's window ends at day 365: a snapshot checked after it is refused
    const late = await signSnapshot(
      { registry: REGISTRY, version: 9, rootVersion: 1, timestamp: at(366), expires: at(370), releases: [] },
      snapshotKey.key,
    );
    expect((await checkSnapshot(late, root, 7, at(366))).code).toBe('signing_key_expired');

    const foreign = await signSnapshot(
      {
        registry: 'https://other.example',
        version: 9,
        rootVersion: 1,
        timestamp: at(2),
        expires: at(9),
        releases: [],
      },
      snapshotKey.key,
    );
    expect((await checkSnapshot(foreign, root, 7, at(3))).code).toBe('snapshot_invalid');
  });

  it('catch an attestation that disagrees with the snapshot (mix-and-match)', async () => {
    const { v1, attestation, snapshot: snapshotKey } = await makeWorld();
    const root = v1.signed;
    const approved = await signReleaseAttestation(releaseInput(), attestation.key, { signedAt: at(1) });
    const revoked = await signReleaseAttestation(releaseInput({ status: 'revoked' }), attestation.key, {
      signedAt: at(4),
    });
    const signed = await signSnapshot(
      {
        registry: REGISTRY,
        version: 3,
        rootVersion: 1,
        timestamp: at(5),
        expires: at(9),
        releases: [await entryFor(revoked, 'revoked')],
      },
      snapshotKey.key,
    );
    const checked = await checkSnapshot(signed, root, 2, at(6));
    if (!checked.ok) throw new Error(checked.message);

    const attested = async (bundle: unknown) => {
      const result = await verifyAttestationWithRoot(
        bundle,
        root,
        { name: 'io.github.acme/weather', version: '1.2.3' },
        at(6),
      );
      if (!result.ok) throw new Error(result.message);
      const p = result.statement.predicate;
      return {
        name: p.server.name,
        version: p.server.version,
        status: p.status,
        releaseDigest: p.releaseDigest,
        capabilityFingerprint: p.capabilityFingerprint,
        attestationDigest: result.digest,
      };
    };
    // the current (revoked) attestation matches
    expect(checkAttestationInSnapshot(await attested(revoked), checked.snapshot).code).toBe('verified');
    // the older, validly signed "approved" attestation does not
    const stale = checkAttestationInSnapshot(await attested(approved), checked.snapshot);
    expect(stale.code).toBe('snapshot_mismatch');
    expect(!stale.ok && stale.message).toContain('status');
    const otherFingerprint = {
      ...(await attested(revoked)),
      capabilityFingerprint: `sha256:${'9'.repeat(64)}`,
    };
    expect(checkAttestationInSnapshot(otherFingerprint, checked.snapshot).code).toBe('snapshot_mismatch');
    const missing = { ...(await attested(revoked)), version: '9.9.9' };
    expect(checkAttestationInSnapshot(missing, checked.snapshot).code).toBe('snapshot_mismatch');
  });

  it('are built sorted, so the same releases always sign the same document', async () => {
    const { snapshot: snapshotKey } = await makeWorld();
    const base = {
      name: 'a.b/c',
      status: 'approved' as const,
      releaseDigest: 'sha256:0',
      digests: {},
      attestationDigest: 'sha256:1',
    };
    const releases = [
      { ...base, name: 'b.b/c', version: '1.0.0' },
      { ...base, version: '2.0.0' },
      { ...base, version: '1.0.0' },
    ];
    const signed = await signSnapshot(
      { registry: REGISTRY, version: 1, rootVersion: 1, timestamp: at(0), expires: at(1), releases },
      snapshotKey.key,
    );
    expect(signed.signed.releases.map((r) => `${r.name}@${r.version}`)).toEqual([
      'a.b/c@1.0.0',
      'a.b/c@2.0.0',
      'b.b/c@1.0.0',
    ]);
  });
});
