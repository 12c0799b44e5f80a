import { describe, expect, it } from 'vitest';
import {
  type Checkpoint,
  formatCheckpoint,
  fromBase64,
  generateNoteKeys,
  hashLeaf,
  openNote,
  parseCheckpoint,
  parseSignerKey,
  parseVerifierKey,
  signCheckpoint,
  signNote,
  toHexString,
  verifyCheckpoint,
} from '../../registry/log/index.js';
import { NOTE_VECTORS as V } from './vectors.js';

describe('signed notes (golang.org/x/mod sumdb/note vectors)', () => {
  it('derives the published key ID and reproduces the published signature byte for byte', async () => {
    const signer = await parseSignerKey(V.peterSignerKey);
    const verifier = await parseVerifierKey(V.peterVerifierKey);
    expect(signer.name).toBe('PeterNeumann');
    expect(toHexString(signer.keyId)).toBe('c74f20a3');
    expect(toHexString(verifier.keyId)).toBe('c74f20a3');
    // Ed25519 is deterministic (RFC 8032), so Web Crypto must produce Go's exact note.
    expect(await signNote(V.text, [signer])).toBe(`${V.text}\n${V.peterSig}`);
  });

  it('opens the published note, ignoring signatures from unknown keys', async () => {
    const peter = await parseVerifierKey(V.peterVerifierKey);
    const enoch = await parseVerifierKey(V.enochVerifierKey);
    const note = `${V.text}\n${V.peterSig}${V.enochSig}`;
    const one = await openNote(note, [peter]);
    expect(one).toMatchObject({ ok: true, text: V.text });
    if (!one.ok) throw new Error('unreachable');
    expect(one.verified.map((s) => s.name)).toEqual(['PeterNeumann']);
    expect(one.unverified.map((s) => s.name)).toEqual(['EnochRoot']);
    const both = await openNote(note, [peter, enoch]);
    expect(both.ok && both.verified.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    expect(await openNote(note, [])).toMatchObject({ ok: false, reason: 'unverified' });
  });

  it('rejects a tampered text, a bad signature from a known key and malformed notes', async () => {
    const peter = await parseVerifierKey(V.peterVerifierKey);
    const tampered = `${V.text.replace('cryptography', 'cryptographY')}\n${V.peterSig}`;
    expect(await openNote(tampered, [peter])).toMatchObject({ ok: false, reason: 'invalid_signature' });
    const badSig = `${V.text}\n${V.peterSig.slice(0, 60)}ABCD${V.peterSig.slice(60)}`;
    expect(await openNote(badSig, [peter])).toMatchObject({ ok: false, reason: 'invalid_signature' });
    // The malformed messages of TestOpen.
    for (const msg of [
      V.text,
      `${V.text}\n`,
      `${V.text}\n${V.peterSig.slice(0, -1)}`,
      `\u0001${V.text}\n${V.peterSig}`,
      `${V.text}\n\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
      `${V.text}\n${V.peterSig}Unexpected line.\n`,
      `${V.text}\n${V.peterSig.repeat(101)}`,
    ]) {
      expect(await openNote(msg, [peter]), JSON.stringify(msg)).toMatchObject({
        ok: false,
        reason: 'malformed',
      });
    }
  });

  it('refuses keys whose ID, algorithm or length is wrong', async () => {
    await expect(
      parseVerifierKey('PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'),
    ).rejects.toThrow();
    await expect(
      parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=='),
    ).rejects.toThrow();
    await expect(
      parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'),
    ).rejects.toThrow();
    await expect(
      parseVerifierKey('Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'),
    ).rejects.toThrow();
    await expect(parseSignerKey(V.peterVerifierKey)).rejects.toThrow();
  });
});

describe('checkpoints (C2SP tlog-checkpoint)', () => {
  const origin = 'registry.example.com/log';

  async function sample(): Promise<Checkpoint> {
    return { origin, size: 20852163, rootHash: await hashLeaf(new Uint8Array([1, 2, 3])) };
  }

  it('formats the three lines of the spec and parses them back', async () => {
    const cp = await sample();
    const text = formatCheckpoint(cp);
    const lines = text.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(origin);
    expect(lines[1]).toBe('20852163');
    expect(fromBase64(lines[2] as string)).toEqual(cp.rootHash);
    expect(lines[3]).toBe('');
    expect(parseCheckpoint(text)).toEqual(cp);
  });

  it('parses the example checkpoint of the spec', () => {
    const cp = parseCheckpoint(
      'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n',
    );
    expect(cp.origin).toBe('example.com/behind-the-sofa');
    expect(cp.size).toBe(20852163);
    expect(cp.rootHash).toHaveLength(32);
  });

  it('rejects malformed checkpoint text', () => {
    const root = 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=';
    for (const text of [
      `o\n1\n${root}`,
      `\n1\n${root}\n`,
      `o\n01\n${root}\n`,
      `o\n-1\n${root}\n`,
      `o\n1e3\n${root}\n`,
      `o\n99999999999999999999\n${root}\n`,
      'o\n1\nAAAA\n',
      `o\n1\n${root.slice(0, -1)}\n`,
      `o\n1\n${root}\n\n`,
      'o\n1\n',
    ]) {
      expect(() => parseCheckpoint(text), JSON.stringify(text)).toThrow(/malformed checkpoint/);
    }
  });

  it('signs and verifies, with the key name equal to the origin', async () => {
    const keys = await generateNoteKeys(origin);
    const signer = await parseSignerKey(keys.signerKey);
    const verifier = await parseVerifierKey(keys.verifierKey);
    const cp = await sample();
    const note = await signCheckpoint(cp, [signer]);
    expect(note.startsWith(formatCheckpoint(cp))).toBe(true);
    expect(note).toMatch(new RegExp(`\\n\\n\u2014 ${origin} [A-Za-z0-9+/]{91}=\\n$`));
    const result = await verifyCheckpoint(note, [verifier], { origin });
    expect(result).toMatchObject({ ok: true, checkpoint: cp });
    expect(await verifyCheckpoint(note, [verifier], { origin: 'other.example/log' })).toMatchObject({
      ok: false,
      reason: 'origin_mismatch',
    });
  });

  it('fails when any line or character of the signed checkpoint changes', async () => {
    const keys = await generateNoteKeys(origin);
    const signer = await parseSignerKey(keys.signerKey);
    const verifier = await parseVerifierKey(keys.verifierKey);
    const note = await signCheckpoint(await sample(), [signer]);
    const lines = note.split('\n');
    const variants: string[] = [];
    lines.forEach((line, i) => {
      if (line.length === 0) return;
      const changed = [...lines];
      // change one character in the middle of the line, and drop the line entirely
      const at = Math.floor(line.length / 2);
      const c = line[at] === 'A' ? 'B' : 'A';
      changed[i] = line.slice(0, at) + c + line.slice(at + 1);
      variants.push(changed.join('\n'));
      variants.push(lines.filter((_, j) => j !== i).join('\n'));
    });
    variants.push(note.replace('20852163', '20852164'));
    variants.push(note.replace(`${origin}\n`, `${origin}\nextension line\n`));
    expect(variants.length).toBeGreaterThanOrEqual(8);
    for (const variant of variants) {
      const result = await verifyCheckpoint(variant, [verifier], { origin });
      expect(result.ok, JSON.stringify(variant)).toBe(false);
    }
    // and a different key with the same name is not trusted
    const other = await parseVerifierKey((await generateNoteKeys(origin)).verifierKey);
    expect(await verifyCheckpoint(note, [other], { origin })).toMatchObject({
      ok: false,
      reason: 'unverified',
    });
  });
});

describe('note keys held as Web Crypto keys', () => {
  it('sign with a CryptoKey pair and verify from the SPKI public key, with the same key ID', async () => {
    const { createEd25519SignerFromKeys, createEd25519VerifierFromSpki } = await import(
      '../../registry/log/index.js'
    );
    const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const signer = await createEd25519SignerFromKeys(
      'registry.example.com/log',
      pair.privateKey,
      pair.publicKey,
    );
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
    const verifier = await createEd25519VerifierFromSpki('registry.example.com/log', spki);
    expect(toHexString(verifier.keyId)).toBe(toHexString(signer.keyId));
    const note = await signCheckpoint(
      { origin: 'registry.example.com/log', size: 3, rootHash: await hashLeaf(new Uint8Array()) },
      [signer],
    );
    expect(await verifyCheckpoint(note, [verifier])).toMatchObject({ ok: true });
  });
});
