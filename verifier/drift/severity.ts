import type { Severity } from '../../registry/records/index.js';

export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function maxSeverity(severities: Iterable<Severity>, floor: Severity = 'info'): Severity {
  let best = floor;
  for (const s of severities) if (severityRank(s) > severityRank(best)) best = s;
  return best;
}

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}
