import type { ReleaseRecord } from '../../registry/records/index.js';
import type { CheckResult } from '../checks/index.js';
import type { RegistryClient } from '../client/index.js';
import { isVerifierError } from '../errors/index.js';
import type { LogClient } from '../log/index.js';
import { checkLogInclusion } from './log-trust.js';
import { checkReleaseTrust, type VerifiedAttestation } from './release-trust.js';
import type { RegistryTrust } from './session.js';

/** The signed evidence behind one release: what `mcpvet lock` writes so it can be re-checked offline. */
export interface ReleaseEvidence {
  attestation: VerifiedAttestation;
  /** The log entry (canonical JSON) at the attestation's logIndex, and its inclusion proof (base64). */
  logEntry?: string;
  inclusionProof?: string[];
}

export interface ServerTrust {
  results: CheckResult[];
  evidence?: ReleaseEvidence;
}

async function fetchLogMaterial(
  logClient: LogClient,
  index: number,
  size: number,
): Promise<{ entry: Uint8Array | null; proof: Uint8Array[] | null }> {
  if (index >= size) return { entry: null, proof: null };
  try {
    const [entries, proof] = await Promise.all([
      logClient.fetchEntries(index, index + 1),
      logClient.fetchInclusionProof(index, size),
    ]);
    return { entry: entries.entries[0] ?? null, proof };
  } catch (error) {
    if (!isVerifierError(error)) throw error;
    return { entry: null, proof: null };
  }
}

/**
 * Check the signed evidence of the release a server was matched to, against a registry whose root,
 * snapshot and log were established (openRegistryTrust): the attestation, the snapshot entry, the
 * record itself, and the attestation's place in the log.
 */
export async function verifyMatchedRelease(
  trust: RegistryTrust,
  client: RegistryClient,
  logClient: LogClient,
  record: ReleaseRecord,
  now: Date,
): Promise<ServerTrust> {
  if (trust.status !== 'verified' || !trust.root || !trust.snapshotDocument || !trust.log) {
    return { results: [] };
  }
  let bundle: unknown;
  try {
    bundle = await client.getAttestation(record.name, record.version);
  } catch (error) {
    if (!isVerifierError(error) || error.code !== 'trust_unverified') throw error;
    bundle = null;
  }
  const checked = await checkReleaseTrust({
    record,
    bundle,
    root: trust.root.signed,
    snapshot: trust.snapshotDocument,
    now,
  });
  if (!checked.attestation) return { results: checked.results };
  const { attestation } = checked;
  const index = attestation.statement.predicate.logIndex;
  const { checkpoint } = trust.log;
  const material =
    index === undefined
      ? { entry: null, proof: null }
      : await fetchLogMaterial(logClient, index, checkpoint.size);
  const logResults = await checkLogInclusion({
    name: record.name,
    version: record.version,
    attestationDigest: attestation.digest,
    logIndex: index,
    entry: material.entry,
    proof: material.proof,
    checkpoint,
  });
  const evidence: ReleaseEvidence = { attestation };
  if (material.entry && material.proof) {
    evidence.logEntry = new TextDecoder().decode(material.entry);
    evidence.inclusionProof = material.proof.map((h) => Buffer.from(h).toString('base64'));
  }
  return { results: [...checked.results, ...logResults], evidence };
}
