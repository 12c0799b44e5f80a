import { describe, expect, it } from 'vitest';
import { RegistryError } from '../../registry/errors/index.js';
import {
  compareRebuild,
  decodeLogEntry,
  encodeLogEntry,
  hashLeaf,
  hashLogEntry,
  type LogEntry,
  MemoryLog,
  proveInclusion,
  toHexString,
  validateLogEntry,
  verifyInclusion,
} from '../../registry/log/index.js';
import { toCanonicalJson } from '../../registry/records/index.js';

const D = (c: string) => `sha256:${c.repeat(64)}`;

const submitted: LogEntry = {
  v: 1,
  type: 'release_submitted',
  time: '2026-03-01T10:00:00Z',
  actor: 'publisher:acme',
  attestationDigest: D('a'),
  name: 'io.github.acme/weather',
  version: '1.2.0',
  releaseDigest: D('b'),
};

const events: LogEntry[] = [
  submitted,
  {
    v: 1,
    type: 'assessment_added',
    time: '2026-03-01T11:00:00.123Z',
    actor: 'assessor:scanner',
    attestationDigest: D('c'),
    name: 'io.github.acme/weather',
    version: '1.2.0',
    assessmentDigest: D('d'),
  },
  {
    v: 1,
    type: 'status_changed',
    time: '2026-03-01T12:00:00Z',
    actor: 'reviewer:ann',
    attestationDigest: D('e'),
    name: 'io.github.acme/weather',
    version: '1.2.0',
    from: 'submitted',
    to: 'approved',
    reason: 'looks fine',
  },
  {
    v: 1,
    type: 'key_rotated',
    time: '2026-03-02T00:00:00Z',
    actor: 'admin:root',
    attestationDigest: D('f'),
    keyRole: 'signing',
    keyId: 'registry.example.com/attest+0badc0de',
    previousKeyId: 'registry.example.com/attest+12345678',
  },
];

describe('log entries', () => {
  it('encode as RFC 8785 canonical JSON and decode back', async () => {
    for (const event of events) {
      const bytes = encodeLogEntry(event);
      expect(new TextDecoder().decode(bytes)).toBe(toCanonicalJson(event));
      expect(decodeLogEntry(bytes)).toEqual(event);
      expect(toHexString(await hashLogEntry(event))).toBe(toHexString(await hashLeaf(bytes)));
    }
    // keys sorted, no whitespace: the canonical form, not JSON.stringify's insertion order
    expect(new TextDecoder().decode(encodeLogEntry(submitted))).toBe(
      `{"actor":"publisher:acme","attestationDigest":"${D('a')}","name":"io.github.acme/weather","releaseDigest":"${D('b')}","time":"2026-03-01T10:00:00Z","type":"release_submitted","v":1,"version":"1.2.0"}`,
    );
  });

  it('refuse an event without its attestation digest, with fields of another type, or unknown fields', () => {
    const { attestationDigest: _, ...noAttestation } = submitted;
    const bad: unknown[] = [
      noAttestation,
      { ...submitted, attestationDigest: 'sha256:xyz' },
      { ...submitted, from: 'submitted' },
      { ...submitted, type: 'key_rotated' },
      { ...submitted, extra: 1 },
      { ...submitted, v: 2 },
      { ...submitted, time: '2026-03-01 10:00' },
    ];
    for (const value of bad) {
      const result = validateLogEntry(value);
      expect(result.ok, JSON.stringify(value)).toBe(false);
      expect(() => encodeLogEntry(value as LogEntry)).toThrow(RegistryError);
    }
  });

  it('reject leaf bytes that are valid JSON but not canonical', () => {
    const pretty = new TextEncoder().encode(JSON.stringify(submitted, null, 2));
    expect(() => decodeLogEntry(pretty)).toThrow(/canonical/);
    expect(() => decodeLogEntry(new Uint8Array([0xff, 0xfe]))).toThrow(RegistryError);
  });
});

describe('the memory store', () => {
  it('never overwrites a node: a second append computed at the same size conflicts', async () => {
    const log = new MemoryLog();
    await log.append(events.slice(0, 2).map(encodeLogEntry));
    const leaves = await Promise.all(events.slice(2).map((e) => hashLogEntry(e)));
    const { appendLeaves } = await import('../../registry/log/index.js');
    const first = await appendLeaves(log, leaves);
    const racing = await appendLeaves(log, leaves.slice(0, 1));
    log.insertRows(first.rows);
    expect(() => log.insertRows(racing.rows)).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(await log.getSize()).toBe(4);
  });

  it('rejects proofs for nodes it does not have and serves proofs that verify', async () => {
    const log = new MemoryLog();
    const result = await log.append(events.map(encodeLogEntry));
    await expect(proveInclusion(log, 0, 5)).rejects.toMatchObject({ code: 'not_found' });
    await expect(proveInclusion(log, 4, 4)).rejects.toMatchObject({ code: 'bad_request' });
    const proof = await proveInclusion(log, 2, 4);
    expect(await verifyInclusion(await hashLogEntry(events[2] as LogEntry), 2, 4, proof, result.root)).toBe(
      true,
    );
    const comparison = await compareRebuild(await log.getEntries(0, 4), { size: 4, rootHash: result.root });
    expect(comparison.ok).toBe(true);
    const edited = await log.getEntries(0, 4);
    edited[1] = encodeLogEntry({ ...(events[1] as LogEntry), actor: 'someone-else' });
    expect((await compareRebuild(edited, { size: 4, rootHash: result.root })).ok).toBe(false);
    expect((await compareRebuild(edited.slice(0, 3), { size: 4, rootHash: result.root })).ok).toBe(false);
  });
});
