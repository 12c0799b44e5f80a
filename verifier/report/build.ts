import type { Severity } from '../../registry/records/index.js';
import type {
  Report,
  ReportFinding,
  ReportIdentity,
  ReportResolution,
  ReportServer,
} from '../../registry/records/types.generated.js';
import type { CheckResult, ServerOutcome } from '../checks/index.js';
import type { RegistryState } from '../client/index.js';
import type { DiscoveryResult } from '../discovery/index.js';
import {
  describeIdentity,
  type Identity,
  type Resolution,
  redactArgs,
  redactUrl,
} from '../identity/index.js';
import { decideFinding, type EffectivePolicy, type FindingSubject } from '../policy/index.js';

export const TOOL_VERSION = '0.1.0';

export interface BuildReportInput {
  command: 'scan' | 'verify';
  cwd: string;
  now: Date;
  discovery: DiscoveryResult;
  outcomes: ServerOutcome[];
  policy: EffectivePolicy;
  registries: RegistryState[];
  /** Findings about the run rather than one server (expired exceptions, offline registries). */
  runFindings: CheckResult[];
}

function toReportIdentity(identity: Identity): ReportIdentity {
  const summary = describeIdentity(identity);
  switch (identity.kind) {
    case 'package': {
      const out: ReportIdentity = {
        kind: 'package',
        summary,
        registryType: identity.registryType,
        identifier: identity.identifier,
        requested: identity.requested,
        version: identity.version,
        pinned: identity.pinned,
        launcher: identity.launcher,
      };
      if (identity.digest) out.digest = identity.digest;
      if (identity.installPath) out.path = identity.installPath;
      return out;
    }
    case 'remote':
      return { kind: 'remote', summary, url: redactUrl(identity.url), pinned: false };
    case 'local':
      return { kind: 'local', summary, path: identity.path, launcher: identity.launcher };
    case 'unknown':
      return { kind: 'unknown', summary, reason: identity.reason };
  }
}

function toReportResolution(resolution: Resolution): ReportResolution {
  if (resolution.status === 'unresolved') return { status: 'unresolved', reason: resolution.reason };
  if (resolution.status === 'not_applicable') return { status: 'not_applicable' };
  const out: ReportResolution = {
    status: 'resolved',
    version: resolution.version,
    integrity: resolution.integrity,
    source: resolution.source,
  };
  if (resolution.tarballIntegrity) out.tarballIntegrity = resolution.tarballIntegrity;
  return out;
}

/** Every name a policy exception may use for a server. */
function subjectOf(outcome: ServerOutcome): FindingSubject {
  const names = [outcome.server.name];
  if (outcome.match) names.push(outcome.match.record.name);
  const { identity } = outcome;
  if (identity.kind === 'package')
    names.push(identity.identifier, `${identity.registryType}:${identity.identifier}`);
  if (identity.kind === 'remote') names.push(identity.url);
  if (identity.kind === 'local') names.push(identity.path);
  return { names, file: outcome.server.location.file };
}

function toReportServer(
  outcome: ServerOutcome,
  findings: ReportFinding[],
  command: 'scan' | 'verify',
): ReportServer {
  const { server } = outcome;
  const mine = findings.filter((f) => f.serverId === server.id);
  const verdict: ReportServer['verdict'] =
    command === 'scan' ? 'info' : mine.some((f) => f.fails) ? 'fail' : mine.length > 0 ? 'warn' : 'pass';
  const out: ReportServer = {
    id: server.id,
    name: server.name,
    client: server.client,
    scope: server.scope,
    location: { ...server.location },
    disabled: server.disabled,
    transport: server.entry.transport,
    identity: toReportIdentity(outcome.identity),
    verdict,
  };
  if (server.entry.transport === 'stdio') {
    out.command = server.entry.command;
    out.args = redactArgs(server.entry.args);
    out.envKeys = Object.keys(server.entry.env).sort();
  } else if (server.entry.transport !== 'extension') {
    out.url = redactUrl(server.entry.url);
  }
  if (outcome.resolution.status !== 'not_applicable') out.resolution = toReportResolution(outcome.resolution);
  if (outcome.match) {
    const { record, registry } = outcome.match;
    out.match = { registry, server: record.name, version: record.version, status: record.status };
    if (record.releaseDigest) out.match.releaseDigest = record.releaseDigest;
  }
  return out;
}

const SEVERITIES: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** Apply the policy to every finding and assemble the report (schemas/report.schema.json). */
export function buildReport(input: BuildReportInput): Report {
  const { policy, now, cwd } = input;
  const findings: ReportFinding[] = [];
  const push = (
    result: CheckResult,
    subject: FindingSubject,
    location: ReportFinding['location'],
    server?: { id: string; name: string },
  ) => {
    const decision = decideFinding(result, subject, policy, now, cwd);
    const finding: ReportFinding = {
      code: result.code,
      severity: result.severity,
      message: result.message,
      evidence: result.evidence,
      location,
      serverId: server?.id ?? null,
      fails: decision.fails,
    };
    if (server) finding.server = server.name;
    if (decision.exception) finding.exception = decision.exception;
    findings.push(finding);
  };

  for (const problem of input.discovery.problems) {
    const server = typeof problem.evidence.server === 'string' ? problem.evidence.server : undefined;
    push(problem, { names: server ? [server] : [], file: problem.location.file }, { ...problem.location });
  }
  for (const outcome of input.outcomes) {
    for (const result of outcome.results) {
      push(result, subjectOf(outcome), { ...outcome.server.location }, outcome.server);
    }
  }
  for (const result of input.runFindings) push(result, { names: [], file: null }, null);

  const servers = input.outcomes.map((o) => toReportServer(o, findings, input.command));
  const failing = findings.filter((f) => f.fails).length;
  const bySeverity = Object.fromEntries(
    SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length]),
  );
  const fail = input.command === 'verify' && failing > 0;
  return {
    reportVersion: 1,
    tool: { name: 'mcpvet', version: TOOL_VERSION },
    command: input.command,
    generatedAt: now.toISOString(),
    cwd,
    outcome: fail ? 'fail' : 'pass',
    exitCode: fail ? 1 : 0,
    registries: input.registries.map((r) => ({ ...r })),
    policy: {
      source: policy.source,
      failOn: [...policy.failOn],
      requirePinning: policy.requirePinning,
      exceptions: policy.exceptions.length,
    },
    files: input.discovery.files.map((f) => ({ ...f })),
    servers,
    findings,
    summary: {
      servers: servers.length,
      findings: findings.length,
      failing,
      excepted: findings.filter((f) => f.exception).length,
      bySeverity: bySeverity as Report['summary']['bySeverity'],
    },
  };
}
