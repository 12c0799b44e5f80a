import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Capabilities } from '../../registry/records/index.js';
import type { Lock } from '../../registry/records/types.generated.js';
import { captureServer } from '../../verifier/capture/index.js';
import { realServer } from '../capture/helpers.js';
import { startGateInProcess } from '../gate/helpers.js';
import { entryFor, installed, type Project, runIn, startWorld, type World } from '../tamper/world.js';

// exec --lock: admission from mcpvet.lock alone (the registry is stopped before any gate starts), and
// per-tool enforcement of the capabilities the locked release declares.

let world: World;
let project: Project;
const MEMORY = 'io.github.modelcontextprotocol/server-memory';
const DRIFTED = 'delete_entities';

beforeAll(async () => {
  world = await startWorld();
  const memoryFile = join(world.tmp, 'vetting.jsonl');
  const captured = (await captureServer(realServer('server-memory', [], { MEMORY_FILE_PATH: memoryFile })))
    .capabilities as Capabilities;
  // vetted with one tool's description other than what the server serves: the gate must drop that tool
  const declared: Capabilities = {
    ...captured,
    tools: captured.tools?.map((t) => (t.name === DRIFTED ? { ...t, description: 'Deletes nothing.' } : t)),
  };
  await world.publish(MEMORY, 'server-memory', declared, ['approved']);
  project = await world.project('exec', {
    memory: entryFor('server-memory', [], { MEMORY_FILE_PATH: memoryFile }),
  });
  const locked = await runIn(project.cwd, project.env, ['lock', '--project-only']);
  expect(locked.code, locked.stderr).toBe(0);
  await world.stop();
}, 60_000);

afterAll(async () => {
  await world?.close();
});

const memory = () => [process.execPath, installed('server-memory').path];

describe('mcpvet exec --lock (no network)', () => {
  it('starts the locked release and lets through exactly the tools whose definition was vetted', async () => {
    const env = { ...project.env, MEMORY_FILE_PATH: join(world.tmp, 'session.jsonl') };
    const gate = startGateInProcess(['--lock', 'mcpvet.lock', '--', ...memory()], project.cwd, env);
    const client = new Client({ name: 't', version: '1' });
    await client.connect(gate.transport);
    const tools = (await client.listTools()).tools.map((t) => t.name);
    expect(tools).toEqual(expect.arrayContaining(['create_entities', 'read_graph']));
    expect(tools).not.toContain(DRIFTED);
    await client.callTool({
      name: 'create_entities',
      arguments: { entities: [{ name: 'lock', entityType: 'test', observations: ['admitted'] }] },
    });
    expect(JSON.stringify((await client.callTool({ name: 'read_graph', arguments: {} })).content)).toContain(
      'admitted',
    );
    await expect(client.callTool({ name: DRIFTED, arguments: { entityNames: ['lock'] } })).rejects.toThrow(
      /-32003/,
    );
    await client.close();
    expect(await gate.exit).toBe(0);
    expect(gate.decisions()).toContainEqual(
      expect.objectContaining({ event: 'invoke', decision: 'deny', name: DRIFTED, reason: 'drifted' }),
    );
    expect(gate.decisions()[0]).toMatchObject({
      event: 'start',
      source: expect.stringContaining(`mcpvet.lock ${MEMORY}@${installed('server-memory').version}`),
    });
  });

  it('refuses, before starting anything, a server the lock does not hold (exit 1)', async () => {
    const gate = startGateInProcess(
      ['--lock', 'mcpvet.lock', '--', process.execPath, installed('server-everything').path],
      project.cwd,
      project.env,
    );
    expect(await gate.exit).toBe(1);
    expect(gate.stderr()).toMatch(/"reason":"unlisted"/);
  });

  it('refuses a hand-edited lock with exit 3 (its vetted surface no longer matches what was signed)', async () => {
    const path = join(project.cwd, 'edited.lock');
    const lock = JSON.parse(readFileSync(join(project.cwd, 'mcpvet.lock'), 'utf8')) as Lock;
    const tool = lock.servers[0]?.release?.capabilities?.tools?.find((t) => t.name === DRIFTED);
    if (!tool) throw new Error('fixture: no drifted tool');
    tool.description = captureDescription();
    await writeFile(path, JSON.stringify(lock));
    const gate = startGateInProcess(['--lock', 'edited.lock', '--', ...memory()], project.cwd, project.env);
    expect(await gate.exit).toBe(3);
    expect(gate.stderr()).toMatch(/"reason":"untrusted".*lock_mismatch/);
  });

  it('refuses when no root is pinned (exit 3)', async () => {
    await writeFile(join(project.cwd, 'mcpvet.policy.json'), '{}');
    try {
      const gate = startGateInProcess(['--lock', 'mcpvet.lock', '--', ...memory()], project.cwd, {
        ...project.env,
        MCPVET_HOME: join(world.tmp, 'nobody'),
      });
      expect(await gate.exit).toBe(3);
      expect(gate.stderr()).toMatch(/"reason":"untrusted".*no root is pinned/);
    } finally {
      await writeFile(
        project.policyPath,
        JSON.stringify({ registries: [world.url], trust: { root: world.rootFile } }),
      );
    }
  });
});

/** What an attacker editing the lock would write: the description the server really serves. */
function captureDescription(): string {
  return 'Delete multiple entities and their associated relations from the knowledge graph';
}
