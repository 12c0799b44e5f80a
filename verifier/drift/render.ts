import { severityRank } from './severity.js';
import { renderTextChange } from './text.js';
import type { DriftItem } from './types.js';

function detailLines(item: DriftItem): string[] {
  const e = item.evidence;
  const lines: string[] = [];
  if (e.text) lines.push(renderTextChange(e.text));
  if (e.changes) {
    for (const c of e.changes.slice(0, 12)) {
      const values =
        c.before !== undefined || c.after !== undefined
          ? `: ${JSON.stringify(c.before) ?? '∅'} → ${JSON.stringify(c.after) ?? '∅'}`
          : '';
      lines.push(`${c.effect.padEnd(7)} ${c.path} ${c.change.replace(/_/g, ' ')}${values}`.slice(0, 200));
    }
    if (e.changes.length > 12) lines.push(`… ${e.changes.length - 12} more schema changes`);
  }
  if (e.annotations) {
    for (const a of e.annotations) {
      const eff =
        a.effectiveBefore !== undefined ? ` (effective ${a.effectiveBefore} → ${a.effectiveAfter})` : '';
      lines.push(
        `${a.hint}: ${JSON.stringify(a.before) ?? 'unset'} → ${JSON.stringify(a.after) ?? 'unset'}${eff}`,
      );
    }
  }
  return lines;
}

/** A plain-text table, most severe first: severity, code, item, then the readable diff beneath each row. */
export function renderDriftTable(items: readonly DriftItem[]): string {
  if (items.length === 0) return 'no drift: the observed surface matches the declared one\n';
  const sorted = [...items].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  const sevWidth = Math.max(8, ...sorted.map((i) => i.severity.length));
  const codeWidth = Math.max(4, ...sorted.map((i) => i.code.length));
  const out = [`${'SEVERITY'.padEnd(sevWidth)}  ${'CODE'.padEnd(codeWidth)}  ITEM`];
  for (const item of sorted) {
    out.push(`${item.severity.padEnd(sevWidth)}  ${item.code.padEnd(codeWidth)}  ${item.kind}:${item.name}`);
    out.push(`${' '.repeat(sevWidth + 2)}${item.message}`);
    for (const line of detailLines(item)) out.push(`${' '.repeat(sevWidth + 4)}${line}`);
  }
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i.severity, (counts.get(i.severity) ?? 0) + 1);
  const summary = [...counts.entries()]
    .sort((a, b) => severityRank(b[0] as DriftItem['severity']) - severityRank(a[0] as DriftItem['severity']))
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  out.push('', `${items.length} drift item(s): ${summary}`);
  return `${out.join('\n')}\n`;
}
