import {
  type Checkpoint,
  createEd25519VerifierFromSpki,
  decodeLogEntry,
  type NoteVerifier,
} from '../../registry/log/index.js';
import type { RootDocument } from '../../registry/signing/index.js';
import type { CheckResult } from '../checks/index.js';
import { verifyEntryInclusion } from '../log/index.js';

export interface LogInclusionInput {
  name: string;
  version: string;
  /** The verified attestation's digest: the log entry at its index must carry it. */
  attestationDigest: string;
  /** predicate.logIndex of the attestation. */
  logIndex: number | undefined;
  /** The leaf bytes at logIndex (canonical JSON) and its inclusion proof at the checkpoint's size. */
  entry: Uint8Array | null;
  proof: readonly Uint8Array[] | null;
  /** A checkpoint signed by the root's log key and accepted (consistent with the last one seen). */
  checkpoint: Checkpoint;
}

/**
 * The attestation's event is in the transparency log: the entry at its logIndex is this attestation's
 * (same digest, same release), and the inclusion proof leads from that entry to the signed checkpoint.
 * An attestation the registry signed but never logged (a split view) fails here.
 */
export async function checkLogInclusion(input: LogInclusionInput): Promise<CheckResult[]> {
  const where = `${input.name}@${input.version}`;
  const base = { server: input.name, version: input.version, logIndex: input.logIndex ?? null };
  if (input.logIndex === undefined || !Number.isSafeInteger(input.logIndex) || input.logIndex < 0) {
    return [
      {
        code: 'log_entry_missing',
        severity: 'critical',
        message: `the attestation of ${where} names no transparency-log entry`,
        evidence: base,
      },
    ];
  }
  if (input.logIndex >= input.checkpoint.size || input.entry === null || input.proof === null) {
    return [
      {
        code: 'log_entry_not_included',
        severity: 'critical',
        message: `entry ${input.logIndex} (${where}) is not in the log the registry signed at size ${input.checkpoint.size}`,
        evidence: { ...base, size: input.checkpoint.size },
      },
    ];
  }
  let problem: string | undefined;
  try {
    const entry = decodeLogEntry(input.entry);
    if (entry.attestationDigest !== input.attestationDigest) {
      problem = `carries attestation ${entry.attestationDigest}, not ${input.attestationDigest}`;
    } else if (entry.name !== input.name || entry.version !== input.version) {
      problem = `is an event of ${entry.name ?? '(no release)'}@${entry.version ?? ''}`;
    }
  } catch (error) {
    problem = `is not a log entry (${(error as Error).message})`;
  }
  if (problem !== undefined) {
    return [
      {
        code: 'log_entry_mismatch',
        severity: 'critical',
        message: `log entry ${input.logIndex} ${problem}: it is not the event of ${where}'s attestation`,
        evidence: base,
      },
    ];
  }
  const inclusion = await verifyEntryInclusion({
    entry: input.entry,
    index: input.logIndex,
    proof: input.proof,
    checkpoint: input.checkpoint,
  });
  if (inclusion.included) return [];
  return [
    {
      code: 'log_entry_not_included',
      severity: 'critical',
      message: `${inclusion.message} (${where})`,
      evidence: { ...base, ...inclusion.evidence },
    },
  ];
}

function spkiOf(pem: string): Uint8Array {
  const body = /-----BEGIN PUBLIC KEY-----([\s\S]*?)-----END PUBLIC KEY-----/.exec(pem)?.[1];
  if (body === undefined) throw new Error('not a PEM public key');
  return new Uint8Array(Buffer.from(body.replace(/\s+/g, ''), 'base64'));
}

/**
 * Note verifiers for the root's `log` keys valid at `now`, named `origin`: a signed note names its key
 * by name and a hash of name and key, so the verifier must carry the checkpoint's origin.
 */
export async function toLogVerifiers(root: RootDocument, origin: string, now: Date): Promise<NoteVerifier[]> {
  const t = now.getTime();
  const keys = root.signingKeys.filter(
    (k) =>
      k.role === 'log' &&
      k.algorithm === 'ed25519' &&
      Date.parse(k.notBefore) <= t &&
      t <= Date.parse(k.notAfter),
  );
  return Promise.all(keys.map((k) => createEd25519VerifierFromSpki(origin, spkiOf(k.publicKeyPem))));
}
