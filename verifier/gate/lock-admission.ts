import type { SignedRoot } from '../../registry/signing/index.js';
import { candidatePackage, checkServers } from '../checks/index.js';
import { isAtLeast } from '../drift/index.js';
import type { Identity, Resolution } from '../identity/index.js';
import {
  createLockLookup,
  type LoadedLock,
  type LockTrust,
  openLockTrust,
  verifyLockEntry,
} from '../lock/index.js';
import { checkNpmProvenance, type TrustLocation } from '../verify/index.js';
import { type Admit, admitRelease, refuse, toExecServer } from './admission.js';
import { toAdmissionCode } from './registry-admission.js';

export interface LockAdmissionOptions {
  lock: LoadedLock;
  cwd: string;
  home: string;
  /** Resolve what would run without the network (installed copy, npm cache). */
  resolve: (identity: Identity) => Promise<Resolution>;
  policyRoots: ReadonlyArray<{ root: SignedRoot; from: string }>;
  location: TrustLocation;
  logStatePath: string;
  /** Offline tolerance past the snapshot's expiry (policy offlineMaxAgeHours). */
  maxAgeHours: number;
  requirePinning?: boolean;
  now?: () => Date;
}

/**
 * Admission from mcpvet.lock, with no network: the lock's evidence must verify under the pinned root
 * (as `verify --offline` checks it), the command must run a locked release (same checks as verify,
 * against the lock's entries), and that entry's attestation, fields, log inclusion and npm provenance
 * must hold. The vetted surface is the locked release document's capabilities, whose digest the
 * attestation signs, so each tool and prompt is enforced as vetted.
 */
export function admitFromLock(options: LockAdmissionOptions): Admit {
  const lookup = createLockLookup(options.lock.lock);
  const now = options.now ?? (() => new Date());
  let trust: Promise<LockTrust> | undefined;
  return async (command) => {
    trust ??= openLockTrust({
      lock: options.lock.lock,
      snapshot: options.lock.snapshot,
      policyRoots: options.policyRoots,
      location: options.location,
      logStatePath: options.logStatePath,
      now: now(),
      maxAgeHours: options.maxAgeHours,
    });
    const established = await trust;
    if (established.status !== 'verified') {
      const failure = established.results.find((r) => r.code !== 'registry_offline');
      return refuse(
        'untrusted',
        `${options.lock.path}: ${failure?.message ?? 'trust could not be established'}`,
      );
    }
    const server = toExecServer(command);
    if (server === undefined) return refuse('unverifiable', 'no command');
    const [outcome] = await checkServers(
      [server],
      { cwd: options.cwd, home: options.home },
      { resolve: options.resolve, find: (identity) => lookup.find(identity) },
      { requirePinning: options.requirePinning ?? true, concurrency: 1 },
    );
    if (!outcome) return refuse('unverifiable', 'the command could not be checked');
    const blocking = outcome.results.filter((r) => isAtLeast(r.severity, 'high'));
    const first = blocking[0];
    if (first) {
      const code = first.code === 'unlisted' ? 'unlisted' : toAdmissionCode(first.code);
      const reason = blocking.map((r) => r.message).join('; ');
      return refuse(code, first.code === 'unlisted' ? `not in ${options.lock.path}: ${reason}` : reason);
    }
    const match = outcome.match;
    const entry = match ? lookup.entryOf(match, '') : undefined;
    if (!match || !entry)
      return refuse('unlisted', `no release in ${options.lock.path} matches what the command runs`);
    const checked = await verifyLockEntry(entry, established, now());
    const provenance = checkNpmProvenance({
      pkg: candidatePackage(match),
      resolution: outcome.resolution,
      server: entry.name,
      attestations: entry.provenance?.attestations,
      ...(entry.provenance === undefined
        ? { unavailable: 'the lock carries no npm attestations for it' }
        : {}),
    });
    const problems = [...checked.results, ...provenance].filter((r) => isAtLeast(r.severity, 'high'));
    if (problems.length > 0)
      return refuse('untrusted', problems.map((r) => `${r.code}: ${r.message}`).join('; '));
    if (entry.status !== 'approved' && entry.status !== 'deprecated') {
      return refuse('unapproved', `${entry.name} ${entry.version} is ${entry.status} in the lock`);
    }
    return admitRelease(
      { name: entry.name, version: entry.version, capabilities: entry.release?.capabilities },
      candidatePackage(match),
      `${options.lock.path} ${entry.name}@${entry.version}`,
    );
  };
}
