import type { Finding, Severity } from '../../../registry/records/index.js';
import type { Detection } from '../code/index.js';
import { DANGEROUS_COMMANDS } from '../poisoning/index.js';
import type { PackageAnalysis } from './inventory.js';
import type { PackageMaterial } from './material.js';

/** Bumped whenever a package or code rule changes what it reports. */
export const PACKAGE_RULES_VERSION = '1';

const MAX_PER_RULE = 20;
const LARGE_BYTES = 50 * 1024 * 1024;
const LARGE_FILES = 5000;

export function detectionEvidence(d: Detection): NonNullable<Finding['evidence']> {
  return { location: `${d.file}:${d.line}:${d.column}`, start: d.start, end: d.end, text: d.snippet };
}

// Where a key of package.json is, so evidence can say `package.json:12:5`.
function packageJsonEvidence(
  material: PackageMaterial,
  key: string,
  value: string,
): NonNullable<Finding['evidence']> {
  const bytes = material.files.get('package.json');
  const text = bytes ? new TextDecoder().decode(bytes) : '';
  const at = text.indexOf(JSON.stringify(key));
  const shown = `${JSON.stringify(key)}: ${JSON.stringify(value)}`;
  if (at < 0) return { location: 'package.json', text: shown };
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  const lineEnd = text.indexOf('\n', at);
  const end = lineEnd < 0 ? text.length : lineEnd;
  return {
    location: `package.json:${line}:${column}`,
    start: at,
    end,
    text: text.slice(at, end).replace(/,\s*$/, ''),
  };
}

// `node scripts/setup.js`, `node ./install` → the file an install script runs, if it is in the package.
function scriptTarget(command: string, material: PackageMaterial): string | undefined {
  const m = /\bnode\s+(?:--?[\w-]+(?:=\S+)?\s+)*["']?(\.?\/?[\w./-]+)/.exec(command);
  if (!m?.[1]) return undefined;
  const rel = m[1].replace(/^\.\//, '');
  for (const candidate of [rel, `${rel}.js`, `${rel}.cjs`, `${rel}.mjs`, `${rel}/index.js`])
    if (material.files.has(candidate)) return candidate;
  return undefined;
}

const RISKY_AT_INSTALL = new Set<Detection['kind']>(['exec', 'eval', 'obfuscation', 'dynamic-load']);

function installScriptFindings(material: PackageMaterial, a: PackageAnalysis): Finding[] {
  const findings: Finding[] = [];
  const scripts = { ...a.inventory.installScripts };
  if (a.inventory.implicitInstall) scripts.install = a.inventory.implicitInstall;
  for (const [name, command] of Object.entries(scripts)) {
    const reasons: string[] = [];
    for (const c of DANGEROUS_COMMANDS)
      if (new RegExp(c.re.source, c.re.flags).test(command)) reasons.push(c.what);
    if (/\b(?:curl|wget|Invoke-WebRequest|iwr)\b|\bnode\s+-e\b|\bnode\s+--eval\b/i.test(command))
      reasons.push('fetches or evaluates code inline');
    const target = scriptTarget(command, material);
    if (target) {
      const risky = a.detections.filter(
        (d) =>
          d.file === target &&
          (RISKY_AT_INSTALL.has(d.kind) || (d.kind === 'network' && d.network === 'egress')),
      );
      if (risky.length > 0)
        reasons.push(`${target} uses ${[...new Set(risky.map((d) => d.kind))].join(', ')}`);
    }
    const severity: Severity = reasons.length > 0 ? 'high' : 'medium';
    const implicit =
      name === 'install' && a.inventory.implicitInstall === command && !a.inventory.installScripts.install;
    findings.push({
      ruleId: 'package.install-script',
      severity,
      category: 'install-time-code',
      title: implicit ? 'Native build runs at install (binding.gyp)' : `Runs a ${name} script at install`,
      detail: `npm runs "${command}" on every install, before anyone reviews the code${reasons.length ? `; ${reasons.join('; ')}` : ''}${target ? ` (runs ${target})` : ''}`,
      evidence: implicit
        ? { location: 'binding.gyp', text: 'binding.gyp (npm runs node-gyp rebuild)' }
        : packageJsonEvidence(material, name, command),
    });
  }
  return findings;
}

function perDetection(
  detections: Detection[],
  kind: Detection['kind'],
  make: (d: Detection) => Omit<Finding, 'evidence'>,
): Finding[] {
  return detections
    .filter((d) => d.kind === kind)
    .slice(0, MAX_PER_RULE)
    .map((d) => ({ ...make(d), evidence: detectionEvidence(d) }));
}

/** Findings about the artifact itself and about risky code constructs (capabilities are compared elsewhere). */
export function packageFindings(material: PackageMaterial, a: PackageAnalysis): Finding[] {
  const inv = a.inventory;
  const findings: Finding[] = [...installScriptFindings(material, a)];
  for (const addon of inv.native.addons)
    findings.push({
      ruleId: 'package.native-addon',
      severity: 'medium',
      category: 'native-code',
      title: 'Ships a compiled Node addon',
      detail: `${addon} is machine code loaded into the server process; it cannot be reviewed as source`,
      evidence: { location: addon },
    });
  if (inv.native.bindingGyp)
    findings.push({
      ruleId: 'package.native-addon',
      severity: 'medium',
      category: 'native-code',
      title: 'Builds a native addon from source (binding.gyp)',
      detail: 'native code is compiled on the installing machine',
      evidence: { location: 'binding.gyp' },
    });
  for (const b of inv.binaries)
    findings.push({
      ruleId: 'package.bundled-binary',
      severity: b.format === 'WebAssembly' ? 'low' : 'high',
      category: 'native-code',
      title:
        b.format === 'WebAssembly' ? 'Bundles a WebAssembly module' : `Bundles an executable (${b.format})`,
      detail: `${b.path} (${b.bytes} bytes) is ${b.format === 'WebAssembly' ? 'WebAssembly' : 'an executable'} shipped inside the package; its behaviour cannot be reviewed from source`,
      evidence: { location: b.path },
    });
  if (inv.deprecated !== null)
    findings.push({
      ruleId: 'package.deprecated',
      severity: 'medium',
      category: 'maintenance',
      title: 'This version is deprecated on the registry',
      detail: inv.deprecated,
    });
  if (inv.package.source === 'npm' && !inv.provenance.present)
    findings.push({
      ruleId: 'package.no-provenance',
      severity: 'low',
      category: 'provenance',
      title: 'No provenance attestation',
      detail:
        'the registry lists no dist.attestations for this version: where and from what source it was built is unattested',
    });
  const transitive = inv.dependencies.transitive;
  if (transitive.withInstallScripts && transitive.withInstallScripts.length > 0)
    findings.push({
      ruleId: 'package.dependency-install-scripts',
      severity: 'low',
      category: 'install-time-code',
      title: `${transitive.withInstallScripts.length} ${transitive.withInstallScripts.length === 1 ? 'dependency runs an install script' : 'dependencies run install scripts'}`,
      detail: transitive.withInstallScripts.slice(0, 50).join(', '),
    });
  if (inv.size.unpackedBytes > LARGE_BYTES || inv.size.files > LARGE_FILES)
    findings.push({
      ruleId: 'package.large',
      severity: 'info',
      category: 'coverage',
      title: 'Unusually large package',
      detail: `${inv.size.files} files, ${inv.size.unpackedBytes} bytes unpacked`,
    });
  for (const f of inv.code.filesNotAnalyzed.slice(0, MAX_PER_RULE))
    findings.push({
      ruleId: 'code.not-analyzed',
      severity: 'low',
      category: 'coverage',
      title: 'Source file not analyzed',
      detail: `${f.file}: ${f.reason.slice(0, 500)}; capabilities in it are unknown`,
      evidence: { location: f.file },
    });
  findings.push(
    ...a.detections
      .filter((d) => d.kind === 'exec' && d.argument !== undefined)
      .flatMap((d) => {
        const hit = DANGEROUS_COMMANDS.find((c) =>
          new RegExp(c.re.source, c.re.flags).test(d.argument ?? ''),
        );
        return hit
          ? [
              {
                ruleId: 'code.dangerous-command',
                severity: 'high' as const,
                category: 'command-injection',
                title: `Runs a shell payload (${hit.what})`,
                detail: `${d.what} runs ${JSON.stringify(d.argument?.slice(0, 500))}`,
                evidence: detectionEvidence(d),
              },
            ]
          : [];
      })
      .slice(0, MAX_PER_RULE),
    ...perDetection(a.detections, 'eval', (d) => ({
      ruleId: 'code.eval',
      severity: 'medium',
      category: 'dynamic-code',
      title: `Evaluates code at run time (${d.what})`,
      detail: 'code built from strings runs with the server’s full rights and escapes static review',
    })),
    ...perDetection(a.detections, 'dynamic-load', (d) => ({
      ruleId: 'code.dynamic-load',
      severity: 'low',
      category: 'dynamic-code',
      title: `Loads a module chosen at run time (${d.what})`,
      detail: 'what is loaded is decided by data, so static analysis cannot see it',
    })),
    ...perDetection(a.detections, 'obfuscation', (d) => ({
      ruleId: 'code.obfuscation',
      severity: d.weight === 'low' ? 'low' : 'medium',
      category: 'obfuscation',
      title: `Obfuscation signal: ${d.what}`,
      detail: 'hidden or encoded content in code is a common way to smuggle behaviour past review',
    })),
  );
  return findings;
}
