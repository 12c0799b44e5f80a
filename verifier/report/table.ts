import { homedir } from 'node:os';
import { isAbsolute, relative } from 'node:path';
import type { Report, ReportFinding, ReportServer } from '../../registry/records/types.generated.js';

export interface TableOptions {
  color: boolean;
  home?: string;
}

const CODES = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, dim: 2, bold: 1 } as const;
type Style = keyof typeof CODES;

function painter(color: boolean) {
  return (style: Style, text: string) => (color ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text);
}

/** A path as a person reads it: relative inside the project, ~ for the home folder. */
export function displayPath(file: string, cwd: string, home = homedir()): string {
  const rel = relative(cwd, file);
  if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) return rel;
  if (home && file.startsWith(`${home}/`)) return `~/${file.slice(home.length + 1)}`;
  return file;
}

// Visible width without escape codes, so coloured cells still line up.
function width(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI colour codes
  return text.replace(/\u001b\[[0-9;]*m/g, '').length;
}

function renderGrid(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, width(cell));
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - width(cell))))
      .join('  ')
      .trimEnd(),
  );
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const SEVERITY_STYLE: Record<string, Style> = {
  critical: 'red',
  high: 'red',
  medium: 'yellow',
  low: 'cyan',
  info: 'dim',
};

function verdictCell(server: ReportServer, paint: ReturnType<typeof painter>): string {
  switch (server.verdict) {
    case 'fail':
      return paint('red', 'FAIL');
    case 'warn':
      return paint('yellow', 'warn');
    case 'pass':
      return paint('green', 'ok');
    default:
      return server.identity.pinned === false && server.identity.kind === 'package'
        ? paint('yellow', 'unpinned')
        : '';
  }
}

function registryCell(server: ReportServer): string {
  if (!server.match) return '';
  return `${server.match.server} ${server.match.version} ${server.match.status}`;
}

function findingLine(
  f: ReportFinding,
  report: Report,
  opts: TableOptions,
  paint: ReturnType<typeof painter>,
): string {
  const mark = f.exception ? paint('dim', '~') : f.fails ? paint('red', '✖') : paint('yellow', '!');
  const sev = paint(SEVERITY_STYLE[f.severity] ?? 'dim', f.severity.padEnd(8));
  const where = f.location
    ? `${displayPath(f.location.file, report.cwd, opts.home)}:${f.location.line}`
    : 'run';
  const who = f.server ? `${f.server}: ` : '';
  const excepted = f.exception
    ? paint('dim', ` [excepted until ${f.exception.expires}: ${f.exception.reason}]`)
    : '';
  return `${mark} ${sev} ${paint('bold', f.code.padEnd(20))} ${paint('dim', where)}  ${who}${f.message}${excepted}`;
}

/** The default human output: one row per server, then every finding with where it is. */
export function renderTable(report: Report, opts: TableOptions): string {
  const paint = painter(opts.color);
  const lines: string[] = [];
  const { summary } = report;
  const files = report.files.filter((f) => f.status === 'read').length;
  lines.push(
    paint('bold', `mcpvet ${report.command}`) +
      `: ${summary.servers} server${summary.servers === 1 ? '' : 's'} in ${files} config file${files === 1 ? '' : 's'}`,
  );
  for (const r of report.registries) {
    const state =
      r.state === 'online'
        ? paint('green', 'online')
        : r.state === 'cached'
          ? paint('yellow', `cached ${r.cachedAt ?? ''}`)
          : paint('red', 'unreachable');
    lines.push(`registry ${r.url}: ${state}`);
  }
  lines.push('');
  if (report.servers.length === 0) {
    lines.push('No MCP servers configured for this project or user.');
  } else {
    const header = ['SERVER', 'CLIENT', 'SCOPE', 'CONFIG', 'RUNS'];
    if (report.command === 'verify') header.push('REGISTRY');
    header.push('RESULT');
    const rows = [header.map((h) => paint('bold', h))];
    for (const s of report.servers) {
      const row = [
        s.disabled ? `${s.name} ${paint('dim', '(disabled)')}` : s.name,
        s.client,
        s.scope,
        `${displayPath(s.location.file, report.cwd, opts.home)}:${s.location.line}`,
        truncate(s.identity.summary, 60),
      ];
      if (report.command === 'verify') row.push(registryCell(s));
      row.push(verdictCell(s, paint));
      rows.push(row);
    }
    lines.push(...renderGrid(rows));
  }
  if (report.findings.length > 0) {
    lines.push('', paint('bold', 'Findings'));
    const order = ['critical', 'high', 'medium', 'low', 'info'];
    const sorted = [...report.findings].sort(
      (a, b) => Number(b.fails) - Number(a.fails) || order.indexOf(a.severity) - order.indexOf(b.severity),
    );
    for (const f of sorted) lines.push(findingLine(f, report, opts, paint));
  }
  lines.push('');
  if (report.command === 'verify') {
    const verdict = report.outcome === 'pass' ? paint('green', 'PASS') : paint('red', 'FAIL');
    const parts = [
      `${summary.findings} finding${summary.findings === 1 ? '' : 's'}`,
      `${summary.failing} failing`,
    ];
    if (summary.excepted > 0) parts.push(`${summary.excepted} excepted`);
    const policy = report.policy.source
      ? displayPath(report.policy.source, report.cwd, opts.home)
      : 'default policy';
    lines.push(`${verdict}: ${parts.join(', ')} (${policy}: fail on ${report.policy.failOn.join(', ')})`);
  } else {
    const would = summary.failing > 0 ? ` (${summary.failing} would fail verify)` : '';
    const count = `${summary.findings} finding${summary.findings === 1 ? '' : 's'}`;
    lines.push(`${count}${would}; run 'mcpvet verify' to check against a registry`);
  }
  return `${lines.join('\n')}\n`;
}
