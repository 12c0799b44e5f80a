import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Schema } from '@cfworker/json-schema';
import { getNodeValue } from 'jsonc-parser';
import { registerSchema, type Severity, validateRecord } from '../../registry/records/index.js';
import type { Policy, PolicyException, PolicyRootRef } from '../../registry/records/types.generated.js';
import policySchema from '../../schemas/policy.schema.json' with { type: 'json' };
import { type CheckCode, type CheckResult, TRUST_CHECK_CODES } from '../checks/index.js';
import type { ClientId } from '../discovery/index.js';
import { parseJsonc } from '../discovery/index.js';
import { VerifierError } from '../errors/index.js';

export const POLICY_FILE = 'mcpvet.policy.json';

/** The policy with every default filled in. */
export interface EffectivePolicy {
  /** The file it came from, or null for the built-in defaults. */
  source: string | null;
  registries: string[];
  failOn: Severity[];
  requirePinning: boolean;
  clients: ClientId[];
  offlineMaxAgeHours: number;
  /** Registry signatures must verify; a registry whose trust cannot be established fails with exit 3. */
  requireSignatures: boolean;
  /** Pinned roots from `trust.root`: paths (relative to the policy file) or inline documents. */
  trustRoots: PolicyRootRef[];
  exceptions: PolicyException[];
}

/** Without a policy file: strict. Anything medium or worse fails, and entries must pin what they run. */
export const DEFAULT_POLICY: Omit<EffectivePolicy, 'source'> = {
  registries: [],
  failOn: ['medium', 'high', 'critical'],
  requirePinning: true,
  clients: [],
  offlineMaxAgeHours: 24,
  requireSignatures: true,
  trustRoots: [],
  exceptions: [],
};

registerSchema('policy', policySchema as Schema);

export function toEffectivePolicy(policy: Policy, source: string | null): EffectivePolicy {
  return {
    source,
    registries: policy.registries ?? DEFAULT_POLICY.registries,
    failOn: policy.failOn ?? DEFAULT_POLICY.failOn,
    requirePinning: policy.requirePinning ?? DEFAULT_POLICY.requirePinning,
    clients: policy.clients ?? DEFAULT_POLICY.clients,
    offlineMaxAgeHours: policy.offlineMaxAgeHours ?? DEFAULT_POLICY.offlineMaxAgeHours,
    requireSignatures: policy.requireSignatures ?? DEFAULT_POLICY.requireSignatures,
    trustRoots:
      policy.trust?.root === undefined
        ? DEFAULT_POLICY.trustRoots
        : Array.isArray(policy.trust.root)
          ? [...policy.trust.root]
          : [policy.trust.root as PolicyRootRef],
    exceptions: policy.exceptions ?? DEFAULT_POLICY.exceptions,
  };
}

/** Parse and validate policy text; every problem is a config error (exit 2) naming the file. */
export function parsePolicy(text: string, source: string): EffectivePolicy {
  const parsed = parseJsonc(text);
  if (!parsed.ok) {
    const { line, column, message } = parsed.problem;
    throw new VerifierError('config_invalid', `${source}:${line}:${column}: ${message}`, {
      details: { file: source, line, column },
    });
  }
  const data: unknown = parsed.root ? getNodeValue(parsed.root) : {};
  const result = validateRecord<Policy>('policy', data);
  if (!result.ok) {
    const lines = result.issues.map((i) => `  ${i.path}: ${i.message} (${i.rule})`);
    throw new VerifierError('config_invalid', `${source} is not a valid policy:\n${lines.join('\n')}`, {
      details: { file: source, issues: result.issues },
    });
  }
  return toEffectivePolicy(result.value, source);
}

/** --policy FILE, else ./mcpvet.policy.json when present, else the strict defaults. */
export async function loadPolicy(cwd: string, explicit?: string): Promise<EffectivePolicy> {
  const path = explicit ? resolve(cwd, explicit) : resolve(cwd, POLICY_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !explicit) return { source: null, ...DEFAULT_POLICY };
    if (code === 'ENOENT') throw new VerifierError('file_not_found', `policy file not found: ${path}`);
    throw new VerifierError('io_error', `cannot read policy ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parsePolicy(text, path);
}

/** The end of an exception: a date holds through that whole day (UTC); a date-time is exact. */
export function toExpiry(expires: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(expires)) return Date.parse(`${expires}T00:00:00Z`) + 24 * 3600 * 1000;
  return Date.parse(expires);
}

/** Names a finding can be excepted by: entry name, registry server, package, url, config file. */
export interface FindingSubject {
  names: string[];
  file: string | null;
}

function subjectMatches(exception: PolicyException, subject: FindingSubject, cwd: string): boolean {
  if (subject.names.includes(exception.server)) return true;
  if (subject.file) {
    const wanted = isAbsolute(exception.server) ? exception.server : resolve(cwd, exception.server);
    if (wanted === subject.file || relative(cwd, subject.file) === exception.server) return true;
  }
  return false;
}

export interface PolicyDecision {
  fails: boolean;
  exception?: { reason: string; expires: string };
}

/** Whether one finding fails the run: its severity is in failOn and no live exception covers it. */
export function decideFinding(
  finding: Pick<CheckResult, 'code' | 'severity'>,
  subject: FindingSubject,
  policy: EffectivePolicy,
  now: Date,
  cwd: string,
): PolicyDecision {
  // The registry's signed word failing is not a policy matter: no failOn or exception turns it off.
  if (
    TRUST_CHECK_CODES.has(finding.code) ||
    (finding.code === 'trust_unverified' && policy.requireSignatures)
  ) {
    return { fails: true };
  }
  for (const exception of policy.exceptions) {
    if (toExpiry(exception.expires) <= now.getTime()) continue;
    if (exception.codes && !exception.codes.includes(finding.code)) continue;
    if (!subjectMatches(exception, subject, cwd)) continue;
    return { fails: false, exception: { reason: exception.reason, expires: exception.expires } };
  }
  return { fails: policy.failOn.includes(finding.severity) };
}

/** Expired exceptions are reported (low) so they are renewed or removed rather than silently ignored. */
export function checkExpiredExceptions(policy: EffectivePolicy, now: Date): CheckResult[] {
  return policy.exceptions
    .filter((e) => toExpiry(e.expires) <= now.getTime())
    .map((e) => ({
      code: 'exception_expired' as CheckCode,
      severity: 'low' as const,
      message: `the policy exception for '${e.server}' expired on ${e.expires} and no longer applies (${e.reason})`,
      evidence: { server: e.server, expires: e.expires, reason: e.reason, codes: e.codes ?? null },
    }));
}
