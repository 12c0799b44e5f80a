import type { Assessment, Finding, Risk, Severity } from '../../../registry/records/index.js';

const RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };
const RISK_OF: Record<Severity, Risk> = {
  info: 'none',
  low: 'low',
  medium: 'medium',
  high: 'high',
  critical: 'critical',
};

/**
 * Categories whose high findings show intent to deceive or take (hidden text, injected instructions,
 * exfiltration, payloads, obfuscation, pointing the model at secret files, a tampered artifact) rather than
 * a capability that needs a look.
 */
export const INTENT_CATEGORIES = new Set([
  'prompt-injection',
  'hidden-content',
  'shadowing',
  'exfiltration',
  'secrets',
  'command-injection',
  'obfuscation',
  'integrity',
  'sensitive-data',
]);

export interface Rating {
  risk: Risk;
  verdict: Assessment['verdict'];
  /** One line a reviewer reads first. */
  summary: string;
}

/**
 * The documented rule (docs/assessment.md):
 * - risk is the highest finding severity (info counts as none);
 * - reject when any finding is critical, or any high finding is in an intent category;
 * - review when any finding is medium or above;
 * - approve otherwise (only low and info findings, or none).
 */
export function rateFindings(findings: Finding[]): Rating {
  let top: Severity = 'info';
  const counts: Record<Severity, number> = { info: 0, low: 0, medium: 0, high: 0, critical: 0 };
  for (const f of findings) {
    counts[f.severity]++;
    if (RANK[f.severity] > RANK[top]) top = f.severity;
  }
  const risk = RISK_OF[top];
  const intentHigh = findings.filter((f) => f.severity === 'high' && INTENT_CATEGORIES.has(f.category));
  const verdict: Assessment['verdict'] =
    counts.critical > 0 || intentHigh.length > 0 ? 'reject' : RANK[top] >= RANK.medium ? 'review' : 'approve';
  const tally = (['critical', 'high', 'medium', 'low', 'info'] as const)
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');
  const why =
    verdict === 'reject'
      ? counts.critical > 0
        ? 'a critical finding'
        : `high findings showing intent (${[...new Set(intentHigh.map((f) => f.ruleId))].slice(0, 5).join(', ')})`
      : verdict === 'review'
        ? 'findings at medium or above need a reviewer'
        : 'nothing above low';
  return {
    risk,
    verdict,
    summary: `risk ${risk}, suggested verdict ${verdict}: ${why}${tally ? ` (${tally})` : ' (no findings)'}`,
  };
}
