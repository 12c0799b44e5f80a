import type { Capabilities } from '../../registry/records/index.js';
import { type CaptureResult, type CaptureTarget, captureAll } from '../capture/index.js';
import type { CheckResult, ServerOutcome } from '../checks/index.js';
import { type DriftItem, diffCapabilities } from '../drift/index.js';
import { redactUrl } from '../identity/index.js';

export interface LiveOptions {
  cwd: string;
  /** Where PATH, HOME … come from for the servers started. */
  env: NodeJS.ProcessEnv;
  concurrency?: number;
  timeoutMs?: number;
}

/** The drift item as a finding on its server: the code and severity diffCapabilities gave it. */
export function toDriftResult(item: DriftItem, server: string): CheckResult {
  return {
    code: item.code,
    severity: item.severity,
    message: `live ${server}: ${item.message}`,
    evidence: { kind: item.kind, name: item.name, ...item.evidence },
  };
}

function toTarget(outcome: ServerOutcome, cwd: string): CaptureTarget | undefined {
  const { entry } = outcome.server;
  if (entry.transport === 'stdio') {
    return {
      transport: 'stdio',
      command: entry.command,
      args: entry.args,
      env: entry.env,
      cwd,
      id: outcome.server.id,
    };
  }
  if (entry.transport === 'http' || entry.transport === 'sse') {
    return {
      transport: entry.transport === 'http' ? 'streamable-http' : 'sse',
      url: entry.url,
      headers: entry.headers,
      id: outcome.server.id,
    };
  }
  return undefined;
}

/**
 * Servers worth starting: matched to a release that declares its surface, and not known to be bad (a
 * revoked or tampered release, or one whose trust failed, is never run just to look at it).
 */
function declaredSurface(
  outcome: ServerOutcome,
  blocked: (o: ServerOutcome) => boolean,
): Capabilities | null | undefined {
  const record = outcome.match?.record;
  if (!record || record.status === 'revoked' || blocked(outcome)) return undefined;
  return record.release.capabilities ?? null;
}

function captureFailure(result: CaptureResult, server: string): CheckResult {
  const error = result.error;
  return {
    code: 'live_capture_failed',
    severity: 'high',
    message: `live ${server}: ${error?.message ?? 'capture failed'} (${error?.code ?? 'server_failed'})`,
    evidence: {
      check: error?.code ?? 'server_failed',
      ...(error?.evidence ?? {}),
      stderr: result.stderr.slice(-2000),
      ...(result.target.transport === 'stdio' ? {} : { url: redactUrl(result.target.url) }),
    },
  };
}

/**
 * verify --live: start every eligible server (bounded concurrency), capture what it offers, and report
 * each difference from its release's declared capabilities as a finding on that server.
 */
export async function checkLive(
  outcomes: readonly ServerOutcome[],
  options: LiveOptions,
  blocked: (outcome: ServerOutcome) => boolean,
): Promise<Map<string, CheckResult[]>> {
  const out = new Map<string, CheckResult[]>();
  const chosen: Array<{ outcome: ServerOutcome; declared: Capabilities | null; target: CaptureTarget }> = [];
  for (const outcome of outcomes) {
    const declared = declaredSurface(outcome, blocked);
    const target = toTarget(outcome, options.cwd);
    if (declared === undefined || target === undefined) continue;
    chosen.push({ outcome, declared, target });
  }
  const captured = await captureAll(
    chosen.map((c) => c.target),
    {
      concurrency: options.concurrency ?? 4,
      baseEnv: options.env,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    },
  );
  chosen.forEach(({ outcome, declared }, i) => {
    const result = captured[i] as CaptureResult;
    const name = outcome.server.name;
    const findings: CheckResult[] = [];
    if (!result.ok || !result.capabilities) findings.push(captureFailure(result, name));
    else if (declared === null) {
      findings.push({
        code: 'live_undeclared',
        severity: 'medium',
        message: `live ${name}: ${outcome.match?.record.name} ${outcome.match?.record.version} declares no capabilities, so the ${result.capabilities.tools?.length ?? 0} tools it serves were never vetted`,
        evidence: { fingerprint: result.capabilities.fingerprint ?? null },
      });
    } else {
      findings.push(
        ...diffCapabilities(declared, result.capabilities).map((item) => toDriftResult(item, name)),
      );
    }
    for (const f of result.findings) {
      findings.push({
        code: 'live_capture_failed',
        severity: f.severity,
        message: `live ${name}: ${f.message}`,
        evidence: { check: f.code, ...f.evidence },
      });
    }
    out.set(outcome.server.id, findings);
  });
  return out;
}
