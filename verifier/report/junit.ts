import type { Report, ReportFinding } from '../../registry/records/types.generated.js';
import { displayPath } from './table.js';

function escapeXml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: characters XML 1.0 cannot carry
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

interface Case {
  classname: string;
  name: string;
  file?: string;
  line?: number;
  findings: ReportFinding[];
}

function renderCase(c: Case): string {
  const attrs = [`classname="${escapeXml(c.classname)}"`, `name="${escapeXml(c.name)}"`, 'time="0"'];
  if (c.file) attrs.push(`file="${escapeXml(c.file)}"`);
  if (c.line) attrs.push(`line="${c.line}"`);
  const failing = c.findings.filter((f) => f.fails);
  const other = c.findings.filter((f) => !f.fails);
  const body: string[] = [];
  for (const f of failing) {
    body.push(
      `      <failure type="${escapeXml(f.code)}" message="${escapeXml(`[${f.severity}] ${f.message}`)}">${escapeXml(JSON.stringify(f.evidence))}</failure>`,
    );
  }
  if (other.length > 0) {
    const text = other
      .map(
        (f) =>
          `[${f.severity}] ${f.code}: ${f.message}${f.exception ? ` (excepted: ${f.exception.reason})` : ''}`,
      )
      .join('\n');
    body.push(`      <system-out>${escapeXml(text)}</system-out>`);
  }
  if (body.length === 0) return `    <testcase ${attrs.join(' ')}/>`;
  return `    <testcase ${attrs.join(' ')}>\n${body.join('\n')}\n    </testcase>`;
}

/** JUnit XML: a suite per config file, a test case per server; failing findings are failures. */
export function renderJunit(report: Report): string {
  const suites = new Map<string, Case[]>();
  const add = (suite: string, c: Case) => suites.set(suite, [...(suites.get(suite) ?? []), c]);
  for (const s of report.servers) {
    const file = displayPath(s.location.file, report.cwd);
    add(file, {
      classname: `${s.client}.${s.scope}`,
      name: `${s.name} (${s.identity.summary})`,
      file,
      line: s.location.line,
      findings: report.findings.filter((f) => f.serverId === s.id),
    });
  }
  for (const f of report.findings.filter((x) => x.serverId === null)) {
    const file = f.location ? displayPath(f.location.file, report.cwd) : 'mcpvet';
    add(file, {
      classname: 'config',
      name: f.location ? `${file} (${f.code})` : f.code,
      ...(f.location ? { file, line: f.location.line } : {}),
      findings: [f],
    });
  }
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = [...suites.values()].flat();
  const failures = (cases: Case[]) => cases.filter((c) => c.findings.some((f) => f.fails)).length;
  out.push(
    `<testsuites name="mcpvet ${report.command}" tests="${all.length}" failures="${failures(all)}" errors="0" time="0" timestamp="${report.generatedAt}">`,
  );
  for (const [name, cases] of suites) {
    out.push(
      `  <testsuite name="${escapeXml(name)}" tests="${cases.length}" failures="${failures(cases)}" errors="0" skipped="0" time="0">`,
    );
    for (const c of cases) out.push(renderCase(c));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
