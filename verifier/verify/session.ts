import type { Checkpoint } from '../../registry/log/index.js';
import type { SignedRoot, SignedSnapshot, SnapshotDocument } from '../../registry/signing/index.js';
import type { CheckResult } from '../checks/index.js';
import type { RegistryClient } from '../client/index.js';
import { isVerifierError } from '../errors/index.js';
import { fileLogStateStore, type LogClient, syncLogView } from '../log/index.js';
import {
  checkSnapshot,
  selectSigningKey,
  type TrustFailure,
  verifyRootChain,
  writeTrustState,
} from '../trust/index.js';
import { toLogVerifiers } from './log-trust.js';
import { toTrustResult } from './release-trust.js';
import { type PinnedRoot, selectPinnedRoot, type TrustLocation } from './roots.js';

const MAX_ROTATIONS = 1024;

/** What was established about one registry before any of its releases is checked. */
export interface RegistryTrust {
  registry: string;
  /** verified: root, snapshot and log all check out; unverified: nothing to verify with; failed: a check failed. */
  status: 'verified' | 'unverified' | 'failed';
  /** Findings about the registry as a whole (root chain, snapshot, log view, nothing pinned). */
  results: CheckResult[];
  anchor?: PinnedRoot;
  /** The newest root reached from the anchor through signed rotations. */
  root?: SignedRoot;
  /** The rotations fetched after the anchor, oldest first (what a lock carries for offline use). */
  rotations: SignedRoot[];
  snapshot?: SignedSnapshot;
  snapshotDocument?: SnapshotDocument;
  /** The accepted checkpoint and its signed note. */
  log?: { checkpoint: Checkpoint; note: string };
}

export interface OpenTrustOptions {
  registry: string;
  client: RegistryClient;
  logClient: LogClient;
  policyRoots: ReadonlyArray<{ root: SignedRoot; from: string }>;
  location: TrustLocation;
  /** Where the last accepted checkpoint per registry is kept. */
  logStatePath: string;
  now: Date;
}

/** No root pinned, or a registry that serves no signatures: its records cannot be verified. */
export function unverifiedResult(registry: string, reason: string): CheckResult {
  return {
    code: 'trust_unverified',
    severity: 'high',
    message: `the records of ${registry} are not verified: ${reason}`,
    evidence: { registry, reason },
  };
}

function failed(base: RegistryTrust, failure: TrustFailure | CheckResult): RegistryTrust {
  const result = 'ok' in failure ? toTrustResult(failure, { registry: base.registry }) : failure;
  return { ...base, status: 'failed', results: [...base.results, result] };
}

async function fetchRotations(client: RegistryClient, from: number): Promise<SignedRoot[]> {
  const roots: SignedRoot[] = [];
  for (let version = from + 1; version <= from + MAX_ROTATIONS; version += 1) {
    const root = await client.getTrustRoot(version);
    if (root === null) break;
    roots.push(root);
  }
  return roots;
}

/**
 * Establish trust in one registry, TUF style: start at the pinned root, follow signed rotations, check
 * the signed snapshot (rollback against the last version seen, freeze against its expiry), and accept
 * the log's checkpoint only as an extension of the last one seen. Remembers the newest root and snapshot
 * version for the next run. Nothing is thrown for a trust problem: each becomes a finding.
 */
export async function openRegistryTrust(options: OpenTrustOptions): Promise<RegistryTrust> {
  const { registry, client, now } = options;
  let trust: RegistryTrust = { registry, status: 'unverified', results: [], rotations: [] };
  const anchor = await selectPinnedRoot(registry, options.policyRoots, options.location, now);
  if (anchor === undefined) {
    return {
      ...trust,
      results: [
        unverifiedResult(
          registry,
          "no root is pinned for it (run 'mcpvet trust init --registry URL --root FILE' or set trust.root in mcpvet.policy.json)",
        ),
      ],
    };
  }
  if (!('source' in anchor)) return failed(trust, anchor);
  trust = { ...trust, anchor };

  let snapshot: SignedSnapshot | null;
  try {
    trust.rotations = await fetchRotations(client, anchor.root.signed.version);
    const chain = await verifyRootChain(anchor.root, trust.rotations, { now });
    if (!chain.ok) return failed(trust, chain);
    trust.root = chain.root;
    trust.rotations = trust.rotations.filter((r) => r.signed.version <= chain.root.signed.version);
    snapshot = await client.getSnapshot();
  } catch (error) {
    if (isVerifierError(error) && error.code === 'trust_unverified') {
      return { ...trust, results: [unverifiedResult(registry, error.message)] };
    }
    throw error;
  }
  const root = trust.root as SignedRoot;
  if (snapshot === null) {
    return { ...trust, results: [unverifiedResult(registry, 'it serves no signed snapshot')] };
  }
  const lastSeen = options.location.state?.lastSnapshotVersion;
  const checked = await checkSnapshot(snapshot, root.signed, lastSeen, now);
  if (!checked.ok) return failed(trust, checked);
  trust = { ...trust, snapshot, snapshotDocument: checked.snapshot };
  await writeTrustState(options.location.dir, {
    registry: root.signed.registry,
    root,
    lastSnapshotVersion: Math.max(lastSeen ?? 0, checked.snapshot.version),
    updatedAt: now.toISOString(),
  });

  const log = await acceptCheckpoint(options, root, now);
  if ('code' in log) return failed(trust, log);
  return { ...trust, status: 'verified', log };
}

async function acceptCheckpoint(
  options: OpenTrustOptions,
  root: SignedRoot,
  now: Date,
): Promise<{ checkpoint: Checkpoint; note: string } | CheckResult | TrustFailure> {
  const key = selectSigningKey(root.signed, 'log', now);
  if (!key.ok) return key;
  let note: string;
  try {
    note = await options.logClient.fetchCheckpoint();
  } catch (error) {
    if (!isVerifierError(error)) throw error;
    return unverifiedResult(options.registry, `its transparency log could not be read (${error.message})`);
  }
  const store = fileLogStateStore(options.logStatePath);
  const key_ = new URL(options.registry).origin;
  const saved = (await store.read()).logs[key_];
  const origin = saved?.origin ?? note.split('\n', 1)[0] ?? '';
  try {
    const decision = await syncLogView({
      registry: key_,
      verifiers: await toLogVerifiers(root.signed, origin, now),
      origin,
      store,
      fetchCheckpoint: async () => note,
      fetchConsistencyProof: (from, to) => options.logClient.fetchConsistencyProof(from, to),
      now: () => now,
    });
    if (decision.checkpoint === undefined) throw new Error('accepted checkpoint missing');
    return { checkpoint: decision.checkpoint, note };
  } catch (error) {
    if (!isVerifierError(error)) throw error;
    const code =
      error.code === 'log_fork' || error.code === 'log_inconsistent' || error.code === 'signature_invalid'
        ? error.code
        : 'trust_failure';
    return {
      code,
      severity: 'critical',
      message: `the transparency log of ${options.registry}: ${error.message}`,
      evidence: { registry: options.registry, ...((error.details as Record<string, unknown>) ?? {}) },
    };
  }
}
