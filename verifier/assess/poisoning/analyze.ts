import type { Capabilities, Finding, Severity } from '../../../registry/records/index.js';
import { SEVERITY_RANK, type TextRule } from './rule.js';
import {
  dangerousCommandRule,
  exfiltrationRule,
  misuseRule,
  piiRule,
  renderExfilRule,
  secretLiteralRule,
  sensitivePathRule,
  urlRule,
} from './rules-data.js';
import { encodedPayloadRule, hiddenUnicodeRule } from './rules-hidden.js';
import {
  coercionRule,
  concealRule,
  htmlCommentRule,
  ignoreInstructionsRule,
  instructionTagRule,
  overrideMarkerRule,
  priorityRule,
  roleHijackRule,
} from './rules-injection.js';
import { checkExfilParams } from './rules-params.js';
import { shadowingRule } from './rules-shadowing.js';
import { collectSurface, type Surface, type TextSite } from './surface.js';
import { prepareText } from './text.js';

/** Bumped whenever a rule changes what it reports, so assessments say which rules produced them. */
export const POISONING_RULES_VERSION = '1';

export const TEXT_RULES: readonly TextRule[] = [
  hiddenUnicodeRule,
  instructionTagRule,
  htmlCommentRule,
  overrideMarkerRule,
  ignoreInstructionsRule,
  roleHijackRule,
  concealRule,
  priorityRule,
  coercionRule,
  shadowingRule,
  sensitivePathRule,
  exfiltrationRule,
  misuseRule,
  piiRule,
  renderExfilRule,
  secretLiteralRule,
  dangerousCommandRule,
  encodedPayloadRule,
  urlRule,
];

export interface PoisoningResult {
  findings: Finding[];
  /** How much was looked at, so "no findings" can be told apart from "nothing to read". */
  scanned: { texts: number; params: number; tools: number; prompts: number };
}

/**
 * An optional second opinion from a model. Off unless a caller passes one: the default analysis is
 * deterministic and offline. A judge sees one text with the rule findings already made and returns extra
 * findings (their ruleId must start with `poison.judge`).
 */
export interface PoisoningJudge {
  name: string;
  judge(input: { site: TextSite; findings: Finding[] }): Promise<Finding[]>;
}

function compareFindings(a: Finding, b: Finding): number {
  const la = a.evidence?.location ?? '';
  const lb = b.evidence?.location ?? '';
  if (la !== lb) return la < lb ? -1 : 1;
  const sa = a.evidence?.start ?? 0;
  const sb = b.evidence?.start ?? 0;
  if (sa !== sb) return sa - sb;
  return a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;
}

// Two patterns of one rule often match the same words; keep the strongest and drop spans inside it.
function dedupe(findings: Finding[]): Finding[] {
  const sorted = [...findings].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
  const kept: Finding[] = [];
  for (const f of sorted) {
    const e = f.evidence;
    const inside = kept.some(
      (k) =>
        k.ruleId === f.ruleId &&
        k.evidence?.location === e?.location &&
        (k.evidence?.start ?? 0) <= (e?.start ?? 0) &&
        (k.evidence?.end ?? 0) >= (e?.end ?? 0),
    );
    if (!inside) kept.push(f);
  }
  return kept.sort(compareFindings);
}

export function analyzeSurface(surface: Surface): Finding[] {
  const findings: Finding[] = [];
  for (const site of surface.texts) {
    const text = prepareText(site.text);
    for (const rule of TEXT_RULES) findings.push(...rule.check({ site, text, surface }));
  }
  findings.push(...checkExfilParams(surface));
  return dedupe(findings);
}

/** Tool-poisoning analysis of a captured MCP surface: every description, parameter and the instructions. */
export function analyzePoisoning(capabilities: Capabilities): PoisoningResult {
  const surface = collectSurface(capabilities);
  return {
    findings: analyzeSurface(surface),
    scanned: {
      texts: surface.texts.length,
      params: surface.params.length,
      tools: capabilities.tools?.length ?? 0,
      prompts: capabilities.prompts?.length ?? 0,
    },
  };
}

/** The rule analysis plus a model judge's findings for every text. */
export async function analyzePoisoningWithJudge(
  capabilities: Capabilities,
  judge: PoisoningJudge,
): Promise<PoisoningResult> {
  const result = analyzePoisoning(capabilities);
  const surface = collectSurface(capabilities);
  const extra: Finding[] = [];
  for (const site of surface.texts) {
    const own = result.findings.filter((f) => f.evidence?.location === site.pointer);
    for (const f of await judge.judge({ site, findings: own })) {
      if (!f.ruleId.startsWith('poison.judge')) continue;
      extra.push({ ...f, evidence: { ...f.evidence, location: site.pointer } });
    }
  }
  return { ...result, findings: [...result.findings, ...extra].sort(compareFindings) };
}

/** The highest severity among findings located under a JSON pointer (an item such as `/tools/3`). */
export function highestSeverityAt(findings: Finding[], pointer: string): Severity | undefined {
  let best: Severity | undefined;
  for (const f of findings) {
    const loc = f.evidence?.location ?? '';
    if (loc !== pointer && !loc.startsWith(`${pointer}/`)) continue;
    if (best === undefined || SEVERITY_RANK[f.severity] > SEVERITY_RANK[best]) best = f.severity;
  }
  return best;
}
