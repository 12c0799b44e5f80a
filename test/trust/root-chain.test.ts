import { describe, expect, it } from 'vitest';
import { generateSigningKey, type SignedRoot, signRoot } from '../../registry/signing/index.js';
import { verifyPinnedRoot, verifyRootChain } from '../../verifier/trust/index.js';
import { at, makeWorld, REGISTRY, rootDocument } from './world.js';

describe('pinned roots', () => {
  it('are accepted when sound, self-signed by their threshold, for the registry and not expired', async () => {
    const { v1, rootKeys, attestation, snapshot } = await makeWorld();
    expect((await verifyPinnedRoot(v1, { registry: `${REGISTRY}/v1/anything`, now: at(0) })).ok).toBe(true);
    expect((await verifyPinnedRoot(v1, { registry: 'https://other.example', now: at(0) })).code).toBe(
      'root_invalid',
    );
    expect((await verifyPinnedRoot(v1, { now: at(400) })).code).toBe('root_expired');
    const underSigned = await signRoot(
      rootDocument(1, rootKeys, 2, [attestation, snapshot]),
      rootKeys.slice(0, 1),
    );
    expect((await verifyPinnedRoot(underSigned, { now: at(0) })).code).toBe('root_signature_invalid');
    expect(
      (await verifyPinnedRoot({ signed: { ...v1.signed, threshold: 0 }, signatures: [] }, {})).code,
    ).toBe('root_invalid');
  });

  it('count one signature per key, however often it is repeated', async () => {
    const { rootKeys, attestation, snapshot } = await makeWorld();
    const once = await signRoot(rootDocument(1, rootKeys, 2, [attestation, snapshot]), rootKeys.slice(0, 1));
    const repeated: SignedRoot = { ...once, signatures: [...once.signatures, ...once.signatures] };
    expect((await verifyPinnedRoot(repeated, { now: at(0) })).code).toBe('root_signature_invalid');
  });
});

describe('root rotation', () => {
  it('follows a chain signed by each previous threshold and its own, to entirely new keys', async () => {
    const { v1, rootKeys, attestation, snapshot } = await makeWorld();
    const newKeys = await Promise.all([generateSigningKey(), generateSigningKey()]);
    // v2 adds a key; v3 drops every v1 key
    const v2 = await signRoot(rootDocument(2, [...rootKeys, newKeys[0]], 2, [attestation, snapshot]), [
      rootKeys[1],
      rootKeys[2],
      newKeys[0],
    ]);
    const v3 = await signRoot(rootDocument(3, newKeys, 2, [attestation, snapshot]), [
      rootKeys[0],
      newKeys[0],
      newKeys[1],
    ]);
    const result = await verifyRootChain(v1, [v3, v2], { now: at(1) });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    expect(result.root?.signed.version).toBe(3);
    // already-trusted versions are ignored
    expect((await verifyRootChain(v3, [v1, v2], { now: at(1) })).root?.signed.version).toBe(3);
  });

  it('rejects a rotation not signed by the old threshold, while the same rotation properly signed passes', async () => {
    const { v1, rootKeys, attestation, snapshot } = await makeWorld();
    const attacker = await Promise.all([generateSigningKey(), generateSigningKey()]);
    const doc = rootDocument(2, attacker, 2, [attestation, snapshot]);
    // one stolen old key is not enough
    const hijack = await signRoot(doc, [rootKeys[0], ...attacker]);
    const result = await verifyRootChain(v1, [hijack], { now: at(1) });
    expect(result.code).toBe('root_rotation_invalid');
    expect(result.root?.signed.version).toBe(1);
    const proper = await signRoot(doc, [rootKeys[0], rootKeys[2], ...attacker]);
    expect((await verifyRootChain(v1, [proper], { now: at(1) })).ok).toBe(true);
  });

  it('rejects a new root not signed by its own threshold, a version gap, an edited root and an expired end', async () => {
    const { v1, rootKeys, attestation, snapshot } = await makeWorld();
    const newKeys = await Promise.all([generateSigningKey(), generateSigningKey()]);
    const ownShort = await signRoot(rootDocument(2, newKeys, 2, [attestation, snapshot]), [
      rootKeys[0],
      rootKeys[1],
      newKeys[0],
    ]);
    expect((await verifyRootChain(v1, [ownShort], { now: at(1) })).code).toBe('root_signature_invalid');

    const v3 = await signRoot(rootDocument(3, rootKeys, 2, [attestation, snapshot]), rootKeys);
    expect((await verifyRootChain(v1, [v3], { now: at(1) })).code).toBe('root_rotation_invalid');

    const v2 = await signRoot(rootDocument(2, rootKeys, 2, [attestation, snapshot]), rootKeys);
    expect((await verifyRootChain(v1, [v2], { now: at(1) })).ok).toBe(true);
    const edited: SignedRoot = { ...v2, signed: { ...v2.signed, threshold: 1 } };
    expect((await verifyRootChain(v1, [edited], { now: at(1) })).code).toBe('root_rotation_invalid');

    const shortLived = await signRoot(rootDocument(2, rootKeys, 2, [attestation, snapshot], 10), rootKeys);
    const expired = await verifyRootChain(v1, [shortLived], { now: at(20) });
    expect(expired.code).toBe('root_expired');
  });
});
