import type { Finding, Permissions, Severity } from '../../../registry/records/index.js';
import type { Detection } from '../code/index.js';

/** What the package was seen to need, from code detections and the artifact inventory. */
export interface DetectedNeeds {
  detections: Detection[];
  /** Compiled addons, bundled executables, binding.gyp: native code without a code detection. */
  nativeArtifacts: string[];
}

// Variables every runtime reads; declaring them would be noise.
const RUNTIME_ENV = new Set([
  'NODE_ENV',
  'NODE_DEBUG',
  'NODE_OPTIONS',
  'DEBUG',
  'HOME',
  'PATH',
  'PATHEXT',
  'USER',
  'USERNAME',
  'USERPROFILE',
  'APPDATA',
  'LOCALAPPDATA',
  'TMPDIR',
  'TEMP',
  'TMP',
  'SHELL',
  'TERM',
  'CI',
  'LANG',
  'LC_ALL',
  'PWD',
  'FORCE_COLOR',
  'NO_COLOR',
  'COLUMNS',
  'ComSpec',
  'SystemRoot',
]);

const LOCAL_HOSTS =
  /^(?:localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0|\[?::1\]?|[\w.-]*\.(?:local|localhost|example|test|invalid)|example\.(?:com|org|net))$/i;

// The evidence shown is a use (a call) when there is one; an import only says the module is there.
function first(detections: Detection[]): NonNullable<Finding['evidence']> | undefined {
  const d = detections.find((x) => !x.what.startsWith('imports ')) ?? detections[0];
  return d
    ? { location: `${d.file}:${d.line}:${d.column}`, start: d.start, end: d.end, text: d.snippet }
    : undefined;
}

function where(detections: Detection[]): string {
  const list = detections.slice(0, 10).map((d) => `${d.file}:${d.line}:${d.column} ${d.what}`);
  const more = detections.length > 10 ? ` and ${detections.length - 10} more` : '';
  return `${list.join('; ')}${more}`;
}

export function hostAllowed(host: string, allow: string[]): boolean {
  const h = host.toLowerCase();
  return allow.some((a) => {
    const p = a.toLowerCase();
    return p === h || (p.startsWith('*.') && (h.endsWith(p.slice(1)) || h === p.slice(2)));
  });
}

/**
 * Detected needs against declared permissions. An absent permissions block is unknown, not "none": each
 * need is then reported as not declared, one step below a need the declaration contradicts.
 */
export function comparePermissions(needs: DetectedNeeds, declared: Permissions | undefined): Finding[] {
  const findings: Finding[] = [];
  const unknown = declared === undefined;
  const of = (kind: Detection['kind']) => needs.detections.filter((d) => d.kind === kind);
  const push = (
    ruleId: string,
    severity: Severity,
    title: string,
    detail: string,
    evidence = undefined as Finding['evidence'],
  ) => {
    const f: Finding = { ruleId, severity, category: 'permissions', title, detail };
    if (evidence) f.evidence = evidence;
    findings.push(f);
  };
  const suffix = unknown ? ' (permissions not declared)' : '';

  const exec = of('exec');
  if (exec.length > 0 && (unknown || declared.exec !== true))
    push(
      'permissions.undeclared-exec',
      unknown ? 'medium' : 'high',
      `Spawns subprocesses${suffix}`,
      `${unknown ? 'not declared' : 'exec is not declared'}: ${where(exec)}`,
      first(exec),
    );

  const egress = of('network').filter((d) => d.network === 'egress');
  const mode = declared?.network?.egress;
  if (egress.length > 0 && (unknown || mode === undefined || mode === 'none'))
    push(
      'permissions.undeclared-network',
      unknown ? 'medium' : 'high',
      `Makes outbound network connections${suffix}`,
      `${unknown ? 'not declared' : mode === 'none' ? 'declares network egress "none"' : 'network egress is not declared'}: ${where(egress)}`,
      first(egress),
    );
  if (egress.length > 0 && mode === 'allowlist') {
    const allow = (declared?.network?.hosts ?? []).map((h) => h.host);
    const outside = of('url').filter(
      (d) => d.host && !LOCAL_HOSTS.test(d.host) && !hostAllowed(d.host, allow),
    );
    if (outside.length > 0)
      push(
        'permissions.host-not-allowlisted',
        'medium',
        'Names hosts outside the declared allowlist',
        `hosts in code literals not in the allowlist (${allow.join(', ') || 'empty'}): ${[...new Set(outside.map((d) => d.host))].join(', ')}; hosts built at run time are not seen`,
        first(outside),
      );
  }

  const writes = of('fs-write');
  if (writes.length > 0 && (unknown || (declared.filesystem?.write ?? []).length === 0))
    push(
      'permissions.undeclared-fs-write',
      unknown ? 'medium' : 'high',
      `Writes to the filesystem${suffix}`,
      `${unknown ? 'not declared' : 'no filesystem.write paths are declared'}: ${where(writes)}`,
      first(writes),
    );

  const native = of('native');
  if ((native.length > 0 || needs.nativeArtifacts.length > 0) && (unknown || declared.nativeCode !== true))
    push(
      'permissions.undeclared-native',
      unknown ? 'low' : 'medium',
      `Loads native code${suffix}`,
      `${unknown ? 'not declared' : 'nativeCode is not declared'}: ${[...needs.nativeArtifacts, ...native.map((d) => `${d.file}:${d.line}:${d.column} ${d.what}`)].slice(0, 10).join('; ')}`,
      first(native) ?? (needs.nativeArtifacts[0] ? { location: needs.nativeArtifacts[0] } : undefined),
    );

  const declaredEnv = new Set((declared?.env ?? []).map((e) => e.name));
  const env = of('env');
  const names = [...new Set(env.map((d) => d.env ?? '*'))].filter(
    (n) => n !== '*' && !RUNTIME_ENV.has(n) && !declaredEnv.has(n) && !n.startsWith('npm_'),
  );
  const whole = env.some((d) => d.env === '*');
  if (names.length > 0 || (whole && !unknown && declaredEnv.size > 0))
    push(
      'permissions.undeclared-env',
      'low',
      `Reads environment variables it does not declare${suffix}`,
      `${unknown ? 'not declared: ' : ''}${names.length ? `reads ${names.sort().join(', ')}` : ''}${whole ? `${names.length ? '; ' : ''}also reads computed names or the whole environment` : ''}`,
      first(env.filter((d) => names.includes(d.env ?? '')).concat(env)),
    );
  return findings;
}
