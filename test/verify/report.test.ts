import { describe, expect, it } from 'vitest';
import type { ServerOutcome } from '../../verifier/checks/index.js';
import type { DiscoveredServer } from '../../verifier/discovery/index.js';
import { identifyEntry, redactArgs, redactUrl } from '../../verifier/identity/index.js';
import { DEFAULT_POLICY } from '../../verifier/policy/index.js';
import {
  buildReport,
  renderJunit,
  renderSarif,
  renderTable,
  useColor,
  validateReport,
} from '../../verifier/report/index.js';

const cwd = '/work/project';

function server(name: string, file: string, line: number, command: string, args: string[]): DiscoveredServer {
  return {
    id: `cursor:project:${file}#${name}`,
    name,
    client: 'cursor',
    scope: file.startsWith(cwd) ? 'project' : 'user',
    location: { file, line, column: 5 },
    entry: { transport: 'stdio', command, args, env: { API_TOKEN: 'secret-value' } },
    disabled: false,
  };
}

function outcome(s: DiscoveredServer, results: ServerOutcome['results']): ServerOutcome {
  const identity = identifyEntry(s.entry, { cwd, home: '/home/me' });
  return { server: s, identity, resolution: { status: 'not_applicable' }, match: null, results };
}

const inside = server('a<b>&"c"', `${cwd}/.cursor/mcp.json`, 3, 'npx', [
  '-y',
  'x-mcp@1.0.0',
  '--token',
  'tok123',
  'postgres://u:pw@db/x',
]);
const outside = server('user-one', '/home/me/.cursor/mcp.json', 7, 'npx', ['-y', 'y-mcp']);

function report(command: 'scan' | 'verify' = 'verify') {
  return buildReport({
    command,
    cwd,
    now: new Date('2026-06-01T00:00:00Z'),
    discovery: {
      servers: [inside, outside],
      problems: [
        {
          code: 'config_malformed',
          severity: 'high',
          message: 'bad file',
          location: { file: `${cwd}/.mcp.json`, line: 2, column: 9 },
          evidence: { client: 'claude-code' },
        },
      ],
      files: [],
    },
    outcomes: [
      outcome(inside, [{ code: 'unlisted', severity: 'high', message: 'not listed <here>', evidence: {} }]),
      outcome(outside, [{ code: 'unpinned', severity: 'low', message: 'not pinned', evidence: {} }]),
    ],
    policy: { source: null, ...DEFAULT_POLICY },
    registries: [{ url: 'http://r.test', state: 'cached', cachedAt: '2026-05-31T00:00:00Z' }],
    runFindings: [{ code: 'registry_offline', severity: 'low', message: 'offline', evidence: {} }],
  });
}

describe('redaction', () => {
  it('masks credentials in URLs and secret-looking arguments, and never reports env values', () => {
    expect(redactUrl('https://u:pw@x.example/mcp?api_key=abc&v=1')).toBe(
      'https://u:***@x.example/mcp?api_key=***&v=1',
    );
    expect(redactUrl('https://x.example/mcp')).toBe('https://x.example/mcp');
    expect(
      redactArgs(['--token', 't', '--api-key=k', 'PASSWORD=p', 'postgresql://me:pw@h/db', '--port', '80']),
    ).toEqual([
      '--token',
      '***',
      '--api-key=***',
      'PASSWORD=***',
      'postgresql://me:***@h/db',
      '--port',
      '80',
    ]);
    const r = report();
    const text = JSON.stringify(r);
    expect(text).not.toContain('tok123');
    expect(text).not.toContain('secret-value');
    expect(text).not.toContain(':pw@');
    expect(r.servers[0]?.envKeys).toEqual(['API_TOKEN']);
  });
});

describe('buildReport', () => {
  it('is schema-valid and applies the policy to every finding', () => {
    const r = report();
    const valid = validateReport(r);
    expect(valid.ok ? [] : valid.issues).toEqual([]);
    expect(r.findings.map((f) => [f.code, f.fails, f.serverId !== null])).toEqual([
      ['config_malformed', true, false],
      ['unlisted', true, true],
      ['unpinned', false, true],
      ['registry_offline', false, false],
    ]);
    expect(r.servers.map((s) => s.verdict)).toEqual(['fail', 'warn']);
    expect(r).toMatchObject({ outcome: 'fail', exitCode: 1, summary: { failing: 2, findings: 4 } });
    expect(report('scan')).toMatchObject({ outcome: 'pass', exitCode: 0 });
  });
});

describe('renderSarif', () => {
  it('uses project-relative URIs inside cwd, file: URIs outside, and puts run-level findings in notifications', () => {
    const sarif = renderSarif(report()) as {
      runs: {
        tool: { driver: { rules: { id: string; properties: Record<string, string> }[] } };
        results: {
          ruleId: string;
          ruleIndex: number;
          level: string;
          locations: {
            physicalLocation: {
              artifactLocation: { uri: string; uriBaseId?: string };
              region: { startLine: number; startColumn: number };
            };
          }[];
        }[];
        invocations: { toolExecutionNotifications: { descriptor: { id: string } }[] }[];
        originalUriBaseIds: Record<string, { uri: string }>;
      }[];
    };
    const run = sarif.runs[0];
    if (!run) throw new Error('no run');
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['config_malformed', 'unlisted', 'unpinned']);
    expect(run.tool.driver.rules[1]?.properties['security-severity']).toBe('8.0');
    expect(
      run.results.map((r) => [
        r.ruleId,
        r.ruleIndex,
        r.level,
        r.locations[0]?.physicalLocation.artifactLocation,
        r.locations[0]?.physicalLocation.region,
      ]),
    ).toEqual([
      [
        'config_malformed',
        0,
        'error',
        { uri: '.mcp.json', uriBaseId: '%SRCROOT%' },
        { startLine: 2, startColumn: 9 },
      ],
      [
        'unlisted',
        1,
        'error',
        { uri: '.cursor/mcp.json', uriBaseId: '%SRCROOT%' },
        { startLine: 3, startColumn: 5 },
      ],
      ['unpinned', 2, 'note', { uri: 'file:///home/me/.cursor/mcp.json' }, { startLine: 7, startColumn: 5 }],
    ]);
    expect(run.originalUriBaseIds['%SRCROOT%']?.uri).toBe('file:///work/project/');
    expect(run.invocations[0]?.toolExecutionNotifications.map((n) => n.descriptor.id)).toEqual([
      'registry_offline',
    ]);
  });
});

describe('renderJunit', () => {
  it('escapes XML and groups cases by config file', () => {
    const xml = renderJunit(report());
    expect(xml).toContain('name="a&lt;b&gt;&amp;&quot;c&quot; (npm:x-mcp@1.0.0)"');
    expect(xml).toContain('message="[high] not listed &lt;here&gt;"');
    expect(xml).toContain('<testsuite name=".cursor/mcp.json" tests="1" failures="1"');
    expect(xml).toContain('<testsuite name="/home/me/.cursor/mcp.json" tests="1" failures="0"');
    expect(xml).toContain('<system-out>[low] unpinned: not pinned</system-out>');
    expect(xml).toMatch(/<testsuites name="mcpvet verify" tests="4" failures="2"/);
    expect(xml.match(/<testcase /g)).toHaveLength(4);
  });
});

describe('renderTable', () => {
  it('colours only when asked and says why the run failed', () => {
    const plain = renderTable(report(), { color: false, home: '/home/me' });
    expect(plain).not.toContain('\u001b[');
    expect(plain).toContain('~/.cursor/mcp.json:7');
    expect(plain).toContain('FAIL: 4 findings, 2 failing (default policy: fail on medium, high, critical)');
    expect(plain).toContain('registry http://r.test: cached 2026-05-31T00:00:00Z');
    expect(renderTable(report(), { color: true })).toContain('\u001b[31mFAIL\u001b[0m');
  });

  it('decides colour from the stream and NO_COLOR / FORCE_COLOR', () => {
    expect(useColor({ isTTY: true }, {})).toBe(true);
    expect(useColor({ isTTY: false }, {})).toBe(false);
    expect(useColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(useColor({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(useColor({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
  });
});
