import type { Finding, Severity } from '../../../registry/records/index.js';
import type { Surface, TextSite } from './surface.js';
import { type PreparedText, type Span, toOriginal } from './text.js';
import { clipEvidence, toVisible } from './visible.js';

export interface TextRuleContext {
  site: TextSite;
  text: PreparedText;
  surface: Surface;
}

/** A rule over one text site. Rules are pure and deterministic: same text, same findings. */
export interface TextRule {
  id: string;
  category: string;
  check(ctx: TextRuleContext): Finding[];
}

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

export function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}

/** A finding whose evidence is a span of the normalized text, reported in original-text offsets. */
export function textFinding(
  ctx: TextRuleContext,
  rule: Pick<TextRule, 'id' | 'category'>,
  severity: Severity,
  title: string,
  span: Span,
  detail?: string,
): Finding {
  const original = toOriginal(ctx.text, span);
  const finding: Finding = {
    ruleId: rule.id,
    severity,
    category: rule.category,
    title,
    evidence: {
      location: ctx.site.pointer,
      start: original.start,
      end: original.end,
      text: clipEvidence(toVisible(ctx.text.original.slice(original.start, original.end))),
    },
  };
  if (detail !== undefined) finding.detail = detail;
  return finding;
}

/** A finding over an exact span of the original text (hidden-character rules work on the original). */
export function rawFinding(
  site: TextSite,
  rule: Pick<TextRule, 'id' | 'category'>,
  severity: Severity,
  title: string,
  span: Span,
  detail?: string,
): Finding {
  const finding: Finding = {
    ruleId: rule.id,
    severity,
    category: rule.category,
    title,
    evidence: {
      location: site.pointer,
      start: span.start,
      end: span.end,
      text: clipEvidence(toVisible(site.text.slice(span.start, span.end))),
    },
  };
  if (detail !== undefined) finding.detail = detail;
  return finding;
}

export function ownerLabel(site: TextSite): string {
  const o = site.owner;
  return o.kind === 'server' ? 'server instructions' : `${o.kind} '${o.name}'`;
}
