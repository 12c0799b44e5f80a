import { join } from 'node:path';
import type { Report } from '../../registry/records/types.generated.js';
import type { SignedRoot } from '../../registry/signing/index.js';
import {
  type Candidate,
  type CheckResult,
  candidatePackage,
  checkServers,
  type ServerOutcome,
  TRUST_CHECK_CODES,
} from '../checks/index.js';
import {
  createRegistryClient,
  createReleaseCache,
  createReleaseLookup,
  defaultCacheDir,
  type RegistryClient,
  type RegistryState,
} from '../client/index.js';
import {
  type ClientId,
  type DiscoveryResult,
  discoverServers,
  toDiscoveryContext,
} from '../discovery/index.js';
import { type Identity, resolveIdentity } from '../identity/index.js';
import {
  createLockLookup,
  type LoadedLock,
  openLockTrust,
  toLockId,
  verifyLockEntry,
} from '../lock/index.js';
import { createLogClient, type LogClient } from '../log/index.js';
import { checkExpiredExceptions, type EffectivePolicy } from '../policy/index.js';
import { buildReport } from '../report/index.js';
import { checkLive } from './live.js';
import { checkNpmProvenance, createNpmAttestationFetcher } from './provenance.js';
import { readPolicyRoots, readTrustLocation, toTrustLocation } from './roots.js';
import { type ReleaseEvidence, verifyMatchedRelease } from './server-trust.js';
import { openRegistryTrust, type RegistryTrust, unverifiedResult } from './session.js';

export interface VerifyRunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  home: string;
  policy: EffectivePolicy;
  registries: string[];
  clients: ClientId[];
  configFiles?: string[];
  includeUser: boolean;
  /** No network: the lock (when given) or the cache stands in for the registry, npm's cache for npm. */
  offline: boolean;
  lock?: LoadedLock;
  live?: { concurrency?: number; timeoutMs?: number };
  npm: { npmRegistry?: string; npmCache?: string };
  now?: Date;
  onProgress?: (done: number, total: number, server: { name: string }) => void;
}

/** One server's outcome plus the signed evidence behind its release (what `mcpvet lock` writes). */
export interface ServerVerification {
  outcome: ServerOutcome;
  evidence?: ReleaseEvidence;
  npmAttestations?: unknown;
}

export interface VerifyRun {
  discovery: DiscoveryResult;
  servers: ServerVerification[];
  trust: RegistryTrust[];
  report: Report;
  exitCode: number;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T);
      }
    }),
  );
  return out;
}

function registryFindings(states: RegistryState[]): CheckResult[] {
  return states
    .filter((s) => s.state !== 'online')
    .map((s) => ({
      code: 'registry_offline' as const,
      severity: 'low' as const,
      message:
        s.state === 'cached'
          ? `registry ${s.url} was unreachable; verified against its records cached at ${s.cachedAt} (${s.error ?? ''})`
          : `registry ${s.url} was unreachable and nothing was cached for it; servers only it lists show as unlisted (${s.error ?? ''})`,
      evidence: { ...s },
    }));
}

/** A failure of the registry's signed word means exit 3; policy findings exit 1. */
export function toExitCode(report: Report): number {
  const failing = report.findings.filter((f) => f.fails);
  if (failing.some((f) => TRUST_CHECK_CODES.has(f.code) || f.code === 'trust_unverified')) return 3;
  return failing.length > 0 ? 1 : 0;
}

// A server whose trust failed or that is known to be bad is not started for --live.
function isBlocked(outcome: ServerOutcome): boolean {
  return outcome.results.some(
    (r) => TRUST_CHECK_CODES.has(r.code) || r.code === 'digest_mismatch' || r.code === 'revoked',
  );
}

interface TrustPhase {
  runFindings: CheckResult[];
  trust: RegistryTrust[];
  verifications: ServerVerification[];
}

async function verifyOnline(
  options: VerifyRunOptions,
  outcomes: ServerOutcome[],
  clients: Map<string, RegistryClient>,
  states: RegistryState[],
  now: Date,
): Promise<TrustPhase> {
  const policyRoots = await readPolicyRoots(options.policy, options.cwd);
  const runFindings: CheckResult[] = [];
  const sessions = new Map<string, { trust: RegistryTrust; client: RegistryClient; logClient: LogClient }>();
  for (const state of states) {
    const client = clients.get(state.url);
    if (!client) continue;
    if (state.state !== 'online') {
      if (state.state === 'cached')
        runFindings.push(unverifiedResult(state.url, 'its records came from the cache'));
      continue;
    }
    const token = options.env.MCPVET_REGISTRY_TOKEN || undefined;
    const logClient = createLogClient({ registry: state.url, ...(token ? { token } : {}) });
    const dir = toTrustLocation(state.url, options.env, options.home);
    const trust = await openRegistryTrust({
      registry: state.url,
      client,
      logClient,
      policyRoots,
      location: await readTrustLocation(dir),
      logStatePath: join(dir, 'log-state.json'),
      now,
    });
    runFindings.push(...trust.results);
    sessions.set(state.url, { trust, client, logClient });
  }
  const npmRegistry = options.npm.npmRegistry ?? 'https://registry.npmjs.org/';
  const verifications = await mapLimit(outcomes, 8, async (outcome): Promise<ServerVerification> => {
    const match = outcome.match;
    const session = match ? sessions.get(match.registry) : undefined;
    if (!match || !session) return { outcome };
    const checked = await verifyMatchedRelease(
      session.trust,
      session.client,
      session.logClient,
      match.record,
      now,
    );
    outcome.results.push(...checked.results);
    const verification: ServerVerification = { outcome };
    if (checked.evidence) verification.evidence = checked.evidence;
    const provenance = await fetchProvenance(outcome, match, options.offline ? undefined : npmRegistry);
    outcome.results.push(...provenance.results);
    if (provenance.attestations !== undefined) verification.npmAttestations = provenance.attestations;
    return verification;
  });
  return { runFindings, trust: [...sessions.values()].map((s) => s.trust), verifications };
}

async function fetchProvenance(
  outcome: ServerOutcome,
  match: Candidate,
  npmRegistry: string | undefined,
): Promise<{ results: CheckResult[]; attestations?: unknown }> {
  const pkg = candidatePackage(match);
  if (pkg?.registryType !== 'npm' || pkg.provenance === undefined || pkg.version === undefined)
    return { results: [] };
  const base = { pkg, resolution: outcome.resolution, server: match.record.name };
  if (npmRegistry === undefined) {
    return {
      results: checkNpmProvenance({
        ...base,
        attestations: undefined,
        unavailable: 'offline without a lock',
      }),
    };
  }
  const identity = outcome.identity as Extract<Identity, { kind: 'package' }>;
  let attestations: unknown;
  try {
    attestations = await createNpmAttestationFetcher(identity.npmRegistry ?? npmRegistry)(
      pkg.identifier,
      pkg.version,
    );
  } catch (error) {
    return {
      results: checkNpmProvenance({
        ...base,
        attestations: undefined,
        unavailable: `npm could not be asked (${(error as Error).message})`,
      }),
    };
  }
  return { results: checkNpmProvenance({ ...base, attestations }), attestations };
}

async function verifyWithLock(
  options: VerifyRunOptions,
  loaded: LoadedLock,
  outcomes: ServerOutcome[],
  lookup: ReturnType<typeof createLockLookup>,
  now: Date,
): Promise<TrustPhase> {
  const policyRoots: Array<{ root: SignedRoot; from: string }> = await readPolicyRoots(
    options.policy,
    options.cwd,
  );
  const dir = toTrustLocation(loaded.lock.registry.url, options.env, options.home);
  const trust = await openLockTrust({
    lock: loaded.lock,
    snapshot: loaded.snapshot,
    policyRoots,
    location: await readTrustLocation(dir),
    logStatePath: join(dir, 'log-state.json'),
    now,
    maxAgeHours: options.policy.offlineMaxAgeHours,
  });
  const verifications = await mapLimit(outcomes, 8, async (outcome): Promise<ServerVerification> => {
    const unlisted = outcome.results.findIndex((r) => r.code === 'unlisted');
    if (unlisted >= 0) {
      const was = outcome.results[unlisted] as CheckResult;
      outcome.results[unlisted] = {
        code: 'lock_missing',
        severity: 'high',
        message: `${outcome.server.name} is not in ${loaded.path}: re-run 'mcpvet lock' to verify it`,
        evidence: was.evidence,
      };
    }
    const match = outcome.match;
    const id = toLockId(outcome.server, options.cwd, options.home);
    const entry = match ? lookup.entryOf(match, id) : undefined;
    if (!match || !entry) return { outcome };
    if (entry.id !== id) {
      outcome.results.push({
        code: 'lock_mismatch',
        severity: 'critical',
        message: `mcpvet.lock: no entry has the id ${id} for ${entry.name}@${entry.version} (the entry says ${entry.id}): re-run 'mcpvet lock'`,
        evidence: { id, lockId: entry.id, fields: ['id'] },
      });
    }
    const checked = await verifyLockEntry(entry, trust, now);
    outcome.results.push(...checked.results);
    const pkg = candidatePackage(match);
    outcome.results.push(
      ...checkNpmProvenance({
        pkg,
        resolution: outcome.resolution,
        server: entry.name,
        attestations: entry.provenance?.attestations,
        ...(entry.provenance === undefined
          ? { unavailable: 'the lock carries no npm attestations for it' }
          : {}),
      }),
    );
    return { outcome };
  });
  const findings = [...trust.results];
  return {
    runFindings: findings,
    trust: [
      {
        registry: loaded.lock.registry.url,
        status: trust.status,
        results: trust.results,
        rotations: [],
        ...(trust.root ? { root: trust.root } : {}),
      },
    ],
    verifications,
  };
}

/**
 * `mcpvet verify` (and `lock`): discover, identify, resolve and check every server against the
 * registries (or the lock), then establish the registries' signed trust and check every matched
 * release's evidence, npm provenance when recorded, and with `live` the surface each server serves.
 */
export async function runVerification(options: VerifyRunOptions): Promise<VerifyRun> {
  const now = options.now ?? new Date();
  const ctx = toDiscoveryContext(options.env, options.cwd);
  const discovery = await discoverServers({
    ...ctx,
    clients: options.clients,
    ...(options.configFiles ? { configFiles: options.configFiles } : {}),
    includeUser: options.includeUser,
  });
  const token = options.env.MCPVET_REGISTRY_TOKEN || undefined;
  const clients = new Map(
    options.registries.map((url) => {
      const client = createRegistryClient({ baseUrl: url, token });
      return [client.baseUrl, client] as const;
    }),
  );
  const lockLookup = options.lock ? createLockLookup(options.lock.lock) : undefined;
  const releaseLookup = lockLookup
    ? undefined
    : createReleaseLookup([...clients.values()], {
        cache: createReleaseCache(defaultCacheDir(options.env, ctx.home, process.platform)),
        maxAgeHours: options.policy.offlineMaxAgeHours,
        offline: options.offline,
      });
  const outcomes = await checkServers(
    discovery.servers,
    { cwd: options.cwd, home: ctx.home },
    {
      resolve: (identity) =>
        resolveIdentity(identity, { cwd: options.cwd, ...options.npm, offline: options.offline }),
      find: (identity) => (lockLookup ?? (releaseLookup as NonNullable<typeof releaseLookup>)).find(identity),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
    { requirePinning: options.policy.requirePinning },
  );
  const states = releaseLookup?.states() ?? [];
  const phase =
    options.lock && lockLookup
      ? await verifyWithLock(options, options.lock, outcomes, lockLookup, now)
      : await verifyOnline(options, outcomes, clients, states, now);

  if (options.live) {
    const live = await checkLive(
      outcomes,
      { cwd: options.cwd, env: options.env, ...options.live },
      isBlocked,
    );
    for (const outcome of outcomes) outcome.results.push(...(live.get(outcome.server.id) ?? []));
  }
  if (!options.policy.requireSignatures) {
    for (const f of [...phase.runFindings, ...outcomes.flatMap((o) => o.results)]) {
      if (f.code === 'trust_unverified') f.severity = 'low';
    }
  }
  const report = buildReport({
    command: 'verify',
    cwd: options.cwd,
    now,
    discovery,
    outcomes,
    policy: options.policy,
    registries: options.lock
      ? [
          {
            url: options.lock.lock.registry.url,
            state: 'cached',
            cachedAt: options.lock.lock.generatedAt ?? '',
          },
        ]
      : states,
    runFindings: [
      ...checkExpiredExceptions(options.policy, now),
      ...registryFindings(states),
      ...phase.runFindings,
    ],
  });
  const exitCode = toExitCode(report);
  report.exitCode = exitCode as Report['exitCode'];
  report.outcome = exitCode === 0 ? 'pass' : 'fail';
  return { discovery, servers: phase.verifications, trust: phase.trust, report, exitCode };
}
