import { createHash } from 'node:crypto';
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Report, ReportFinding } from '../../registry/records/types.generated.js';
import { CHECK_DESCRIPTIONS, type CheckCode } from '../checks/index.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

type Level = NonNullable<Result['level']>;

const LEVEL: Record<string, Level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

// GitHub code scanning ranks security alerts by this 0–10 score (CVSS-like bands).
const SECURITY_SEVERITY: Record<string, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

function ruleName(code: string): string {
  return code.replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase());
}

/** An artifact URI: relative to the project (%SRCROOT%) when inside it, else an absolute file: URI. */
function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const rel = relative(cwd, file);
  if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) {
    return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  }
  return { uri: pathToFileURL(file).href };
}

function fingerprint(f: ReportFinding): string {
  return createHash('sha256')
    .update([f.code, f.location?.file ?? '', f.server ?? '', JSON.stringify(f.evidence)].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}

/**
 * SARIF 2.1.0 as GitHub code scanning accepts it: one rule per finding code, each result located at the
 * config file and the line of the server's entry. Findings about the run itself (an offline registry)
 * have no file, so they go to the invocation's notifications instead of results.
 */
export function renderSarif(report: Report): Log {
  const located = report.findings.filter((f) => f.location !== null);
  const codes = [...new Set(located.map((f) => f.code))].sort();
  const rules: ReportingDescriptor[] = codes.map((code) => {
    const worst = located
      .filter((f) => f.code === code)
      .map((f) => f.severity)
      .sort((a, b) => Number(SECURITY_SEVERITY[b]) - Number(SECURITY_SEVERITY[a]))[0] as string;
    const text = CHECK_DESCRIPTIONS[code as CheckCode] ?? code;
    return {
      id: code,
      name: ruleName(code),
      shortDescription: { text },
      fullDescription: { text },
      help: { text: `${text} See docs/verify.md#${code}.` },
      defaultConfiguration: { level: LEVEL[worst] ?? 'warning' },
      properties: {
        tags: ['security', 'supply-chain', 'mcp'],
        'security-severity': SECURITY_SEVERITY[worst],
      },
    };
  });
  const results = located.map((f): Result => {
    const loc = f.location as NonNullable<ReportFinding['location']>;
    const result: Result = {
      ruleId: f.code,
      ruleIndex: codes.indexOf(f.code),
      level: f.fails ? 'error' : (LEVEL[f.severity] ?? 'warning'),
      message: { text: f.server ? `${f.server}: ${f.message}` : f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifactLocation(loc.file, report.cwd),
            region: { startLine: loc.line, startColumn: loc.column },
          },
        },
      ],
      partialFingerprints: { 'mcpvetFinding/v1': fingerprint(f) },
      properties: { severity: f.severity, fails: f.fails, evidence: f.evidence },
    };
    if (f.exception) {
      result.suppressions = [
        {
          kind: 'external',
          status: 'accepted',
          justification: `${f.exception.reason} (until ${f.exception.expires})`,
        },
      ];
    }
    return result;
  });
  const notifications = report.findings
    .filter((f) => f.location === null)
    .map((f) => ({
      level: LEVEL[f.severity] ?? 'note',
      message: { text: f.message },
      descriptor: { id: f.code },
    }));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mcpvet',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(`${report.cwd}${sep}`).href } },
        invocations: [
          {
            executionSuccessful: true,
            endTimeUtc: report.generatedAt,
            toolExecutionNotifications: notifications,
          },
        ],
        results,
      },
    ],
  };
}
