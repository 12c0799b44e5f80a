import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Capabilities, Release } from '../../registry/records/index.js';
import { captureServer } from '../../verifier/capture/index.js';
import { validateReport } from '../../verifier/report/index.js';
import { realServer, startHttpFixture } from '../capture/helpers.js';
import { entryFor, installed, type Project, runIn, startWorld, type World } from './world.js';

// verify --live: every matched stdio and remote server is started (in parallel) and what it serves is
// compared with its release's declared capabilities; each drift item is a finding with its own code.

let world: World;
let project: Project;
let remote: { url: string; child: ChildProcess };
const MEMORY = 'io.github.modelcontextprotocol/server-memory';
const THINKING = 'io.github.modelcontextprotocol/server-sequential-thinking';
const FILESYSTEM = 'io.github.modelcontextprotocol/server-filesystem';
const WEATHER = 'io.github.modelcontextprotocol/weather-remote';

beforeAll(async () => {
  world = await startWorld();
  const memoryFile = join(world.tmp, 'm.jsonl');
  const memory = await captureServer(realServer('server-memory', [], { MEMORY_FILE_PATH: memoryFile }));
  const thinking = (await captureServer(realServer('server-sequential-thinking')))
    .capabilities as Capabilities;
  await world.publish(MEMORY, 'server-memory', memory.capabilities as Capabilities, ['approved']);
  // vetted with another description than the server now serves: the rug pull --live must show
  const vetted = {
    ...thinking,
    tools: thinking.tools?.map((t) => ({ ...t, description: 'Think step by step.' })),
  };
  await world.publish(THINKING, 'server-sequential-thinking', vetted, ['approved']);
  await world.publish(FILESYSTEM, 'server-filesystem', undefined, ['approved']);

  const honest = await startHttpFixture('streamable', 'v1');
  const declared = (await captureServer({ transport: 'streamable-http', url: honest.url })).capabilities;
  honest.child.kill();
  remote = await startHttpFixture('streamable', 'rugpull');
  const release: Release = {
    name: WEATHER,
    version: '1.0.0',
    description: 'weather over streamable HTTP',
    remotes: [{ type: 'streamable-http', url: remote.url }],
    ...(declared ? { capabilities: declared } : {}),
  };
  await world.call('POST', '/v1/releases', world.publisher, release);
  await world.setStatus(WEATHER, '1.0.0', 'approved');

  project = await world.project('live', {
    memory: entryFor('server-memory', [], { MEMORY_FILE_PATH: memoryFile }),
    thinking: entryFor('server-sequential-thinking'),
    files: entryFor('server-filesystem', [world.tmp]),
    weather: { type: 'http', url: remote.url } as never,
  });
}, 60_000);

afterAll(async () => {
  remote?.child.kill();
  await world?.close();
});

describe('verify --live', () => {
  it('reports drift per server beside the static findings, in JSON and SARIF', async () => {
    const statics = await world.verify(project);
    expect(statics.code).toBe(0);
    expect(statics.report?.findings).toEqual([]);

    const live = await world.verify(project, ['--live', '--live-concurrency', '3']);
    expect(live.stderr).toBe('');
    expect(live.code).toBe(1);
    const valid = validateReport(live.report);
    expect(valid.ok ? [] : valid.issues).toEqual([]);
    const byServer = (live.report?.findings ?? []).map((f) => [f.server, f.code, f.severity, f.fails]);
    expect(byServer).toEqual(
      expect.arrayContaining([
        ['thinking', 'tool_description_changed', 'high', true],
        ['files', 'live_undeclared', 'medium', true],
        ['weather', 'tool_description_changed', 'high', true],
      ]),
    );
    // the server vetted with exactly what it serves has nothing to report
    expect(live.report?.findings.filter((f) => f.server === 'memory')).toEqual([]);
    const drift = live.report?.findings.find((f) => f.server === 'weather');
    expect(drift?.evidence).toMatchObject({ kind: 'tool', name: 'get_forecast' });

    const sarif = await runIn(project.cwd, project.env, [
      'verify',
      '--project-only',
      '--live',
      '--format',
      'sarif',
    ]);
    const run = (
      JSON.parse(sarif.stdout) as {
        runs: Array<{
          tool: { driver: { rules: Array<{ id: string }> } };
          results: Array<{ ruleId: string }>;
        }>;
      }
    ).runs[0];
    expect(run?.tool.driver.rules.map((r) => r.id)).toEqual(
      expect.arrayContaining(['tool_description_changed', 'live_undeclared']),
    );
    expect(run?.results.filter((r) => r.ruleId === 'tool_description_changed')).toHaveLength(2);
  });

  it('does not start a server whose release is revoked', async () => {
    const other = await world.project('live-revoked', { thinking: entryFor('server-sequential-thinking') });
    await world.setStatus(THINKING, installed('server-sequential-thinking').version, 'revoked', 'rug pull');
    const run = await world.verify(other, ['--live']);
    expect(run.code).toBe(1);
    expect(run.report?.findings.map((f) => f.code)).toEqual(['revoked']);
  });
});
