import { toSurfaceFingerprint } from '../fingerprint/index.js';
import type { LogEntry, ReleaseRecord } from '../records/index.js';
import { signReleaseAttestation, toAttestationDigest, toReleaseAttestationInput } from '../signing/index.js';
import type { EventSeal } from '../store/index.js';
import type { RegistryTrust } from './trust.js';

export type ReleaseEventType = 'release_submitted' | 'assessment_added' | 'status_changed';

export interface ReleaseEvent {
  type: ReleaseEventType;
  /** The release as it will be once the event is stored. */
  record: ReleaseRecord;
  /** The subject of the token that caused it. */
  actor: string;
  time: string;
  assessmentDigest?: string;
  from?: ReleaseRecord['status'];
  reason?: string | null;
}

/** A freshly published release as its record will read: what its submission attestation signs. */
export function toSubmittedRecord(
  document: ReleaseRecord['release'],
  releaseDigest: string,
  at: string,
  publishedBy: string,
): ReleaseRecord {
  return {
    name: document.name,
    version: document.version,
    status: 'submitted',
    release: document,
    publishedAt: at,
    publishedBy,
    updatedAt: at,
    statusChangedAt: at,
    statusChangedBy: publishedBy,
    releaseDigest,
  };
}

/** Artifact digests by package identifier, as the snapshot lists them. */
export function toArtifactDigests(record: ReleaseRecord): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of record.release.packages ?? []) {
    const digest = p.digest ?? (p.fileSha256 ? `sha256:${p.fileSha256}` : undefined);
    if (digest !== undefined) out[`${p.registryType}:${p.identifier}`] = digest;
  }
  return out;
}

/** The registry's own fingerprint of the declared surface: never the publisher's claim. */
export async function toDeclaredFingerprint(record: ReleaseRecord): Promise<string | undefined> {
  const capabilities = record.release.capabilities;
  if (capabilities === undefined) return undefined;
  return toSurfaceFingerprint(capabilities);
}

/**
 * Signs the release's state after the event (with the log index it will have) and describes the event for
 * the transparency log, carrying the attestation's digest.
 */
export function sealReleaseEvent(trust: RegistryTrust, event: ReleaseEvent): EventSeal {
  return async (logIndex) => {
    const { record } = event;
    const input = await toReleaseAttestationInput(record, { registry: trust.registry, logIndex });
    const fingerprint = await toDeclaredFingerprint(record);
    if (fingerprint === undefined) delete input.capabilityFingerprint;
    else input.capabilityFingerprint = fingerprint;
    const bundle = await signReleaseAttestation(input, trust.attestationKey, {
      signedAt: new Date(event.time),
    });
    const digest = await toAttestationDigest(bundle);
    const entry: LogEntry = {
      v: 1,
      type: event.type,
      time: event.time,
      actor: event.actor,
      attestationDigest: digest,
      name: record.name,
      version: record.version,
    };
    if (event.type === 'release_submitted') entry.releaseDigest = input.releaseDigest;
    if (event.type === 'assessment_added' && event.assessmentDigest)
      entry.assessmentDigest = event.assessmentDigest;
    if (event.type === 'status_changed') {
      if (event.from) entry.from = event.from;
      entry.to = record.status;
      if (event.reason) entry.reason = event.reason;
    }
    return {
      entry,
      attestation: {
        name: record.name,
        version: record.version,
        status: record.status,
        releaseDigest: input.releaseDigest,
        digest,
        digests: toArtifactDigests(record),
        capabilityFingerprint: fingerprint ?? null,
        bundle,
        createdAt: event.time,
      },
    };
  };
}
