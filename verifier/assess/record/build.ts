import {
  type Assessment,
  assertAssessment,
  type Capabilities,
  type Finding,
  type Permissions,
} from '../../../registry/records/index.js';
import {
  inventoryPackage,
  PACKAGE_RULES_VERSION,
  type PackageMaterial,
  packageFindings,
} from '../package/index.js';
import { comparePermissions } from '../permissions/index.js';
import { analyzePoisoning, POISONING_RULES_VERSION, SEVERITY_RANK } from '../poisoning/index.js';
import { rateFindings } from '../risk/index.js';

export const TOOL_NAME = 'mcpvet';
export const TOOL_VERSION = '0.1.0';
export const RULES_VERSION = `package-${PACKAGE_RULES_VERSION}+poisoning-${POISONING_RULES_VERSION}`;
const MAX_FINDINGS = 10_000;
const MAX_DETAIL = 65_536;

export const DEFAULT_ASSESSOR: Assessment['assessor'] = { id: 'mcpvet', name: 'mcpvet assess', kind: 'tool' };

export interface AssessmentInputs {
  /** An already-fetched package; its code and artifact are analyzed. */
  package?: PackageMaterial;
  /** A captured surface; its descriptions are analyzed for tool poisoning. */
  capabilities?: Capabilities;
  /** Declared permissions; undefined means not declared (unknown), which findings say. */
  declared?: Permissions;
  subject?: Assessment['subject'];
  assessor?: Assessment['assessor'];
  /** Findings made outside the analyses (e.g. an integrity failure while fetching). */
  extraFindings?: Finding[];
  now?: Date;
}

function compare(a: Finding, b: Finding): number {
  const s = SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity];
  if (s !== 0) return s;
  if (a.ruleId !== b.ruleId) return a.ruleId < b.ruleId ? -1 : 1;
  const la = a.evidence?.location ?? '';
  const lb = b.evidence?.location ?? '';
  if (la !== lb) return la < lb ? -1 : 1;
  return (a.evidence?.start ?? 0) - (b.evidence?.start ?? 0);
}

function clip(f: Finding): Finding {
  return f.detail && f.detail.length > MAX_DETAIL
    ? { ...f, detail: `${f.detail.slice(0, MAX_DETAIL - 1)}…` }
    : f;
}

/** One assessment record from already-gathered material. Pure apart from the clock (pass `now`). */
export function buildAssessment(inputs: AssessmentInputs): Assessment {
  const findings: Finding[] = [...(inputs.extraFindings ?? [])];
  const inventory: Record<string, unknown> = {};
  const subject: NonNullable<Assessment['subject']> = { ...(inputs.subject ?? {}) };

  if (inputs.package) {
    const analysis = inventoryPackage(inputs.package);
    findings.push(...packageFindings(inputs.package, analysis));
    const inv = analysis.inventory;
    const nativeArtifacts = [
      ...inv.native.addons,
      ...(inv.native.bindingGyp ? ['binding.gyp'] : []),
      ...inv.binaries.filter((b) => b.format !== 'WebAssembly').map((b) => b.path),
    ];
    findings.push(
      ...comparePermissions({ detections: analysis.detections, nativeArtifacts }, inputs.declared),
    );
    inventory.package = inv;
    subject.package ??= `${inv.package.name}@${inv.package.version}`;
    if (inv.package.integrity) subject.digest ??= inv.package.integrity;
  }
  if (inputs.package || inputs.capabilities) inventory.permissions = inputs.declared ?? 'not declared';

  if (inputs.capabilities) {
    const caps = inputs.capabilities;
    const poisoning = analyzePoisoning(caps);
    findings.push(...poisoning.findings);
    inventory.surface = {
      ...(caps.serverInfo ? { serverInfo: caps.serverInfo } : {}),
      ...(caps.fingerprint ? { fingerprint: caps.fingerprint } : {}),
      scanned: poisoning.scanned,
      resources: caps.resources?.length ?? 0,
      resourceTemplates: caps.resourceTemplates?.length ?? 0,
    };
    if (!inputs.package) {
      if (caps.serverInfo?.name) subject.name ??= caps.serverInfo.name;
      if (caps.serverInfo?.version) subject.version ??= caps.serverInfo.version;
      if (caps.fingerprint) subject.digest ??= caps.fingerprint;
    }
  }

  const sorted = findings.map(clip).sort(compare);
  const kept = sorted.slice(0, MAX_FINDINGS);
  if (sorted.length > MAX_FINDINGS) inventory.findingsTruncated = sorted.length - MAX_FINDINGS;
  // Rate over every finding, including those cut for size.
  const rating = rateFindings(sorted);
  const record: Assessment = {
    ...(Object.keys(subject).length > 0 ? { subject } : {}),
    assessor: inputs.assessor ?? DEFAULT_ASSESSOR,
    method: 'automated',
    tool: { name: TOOL_NAME, version: TOOL_VERSION, rulesVersion: RULES_VERSION },
    date: (inputs.now ?? new Date()).toISOString(),
    findings: kept,
    risk: rating.risk,
    verdict: rating.verdict,
    summary: rating.summary,
    inventory,
  };
  return assertAssessment(record);
}

/** The record for an artifact that failed its integrity check: nothing else about it can be trusted. */
export function integrityFailureFinding(spec: string, expected: string, actual: string): Finding {
  return {
    ruleId: 'package.integrity-mismatch',
    severity: 'critical',
    category: 'integrity',
    title: 'Tarball does not match the registry’s recorded integrity',
    detail: `${spec}: the registry records ${expected || '(none)'} but served bytes hashing to ${actual || '(unknown)'}; the artifact was not analyzed`,
    evidence: { location: spec, text: actual || expected },
  };
}
