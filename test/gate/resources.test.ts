import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ResourceListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Capabilities } from '../../registry/records/index.js';
import { GATE_ERROR_CODE } from '../../verifier/gate/index.js';
import { FIXTURES } from '../capture/helpers.js';
import { expectGateRefusal, spawnGateTransport, startGateInProcess, vetFixture } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'mcpvet-gate-resources-'));
const notes = join(FIXTURES, 'notes.mjs');
let vettedFile: string;

beforeAll(async () => {
  // vetting = capturing the approved release once (no undeclared extras, no drift)
  vettedFile = await vetFixture('notes.mjs', tmp);
});

/** A variant of the vetted document, written next to it. */
function vettedVariant(name: string, edit: (vetted: Capabilities) => void): string {
  const vetted = JSON.parse(readFileSync(vettedFile, 'utf8')) as Capabilities;
  edit(vetted);
  const file = join(tmp, `${name}.json`);
  writeFileSync(file, JSON.stringify(vetted));
  return file;
}

const textOf = (result: { contents: unknown[] }) => (result.contents[0] as { text?: string }).text;

function startGate(argv: string[]) {
  return startGateInProcess([...argv, '--', process.execPath, notes], tmp);
}

describe('mcpvet exec gates resources (real binary, real SDK client session)', () => {
  it('lists and reads only the vetted resources and templates, and drops one that drifts mid-session', async () => {
    const transport = spawnGateTransport(vettedFile, notes, ['FIXTURE_EXTRA=1']);
    let log = '';
    transport.stderr?.on('data', (c: Buffer) => {
      log += String(c);
    });
    const client = new Client({ name: 'test-client', version: '1.0.0' });
    const changed = new Promise<void>((resolve) =>
      client.setNotificationHandler(ResourceListChangedNotificationSchema, () => resolve()),
    );
    await client.connect(transport);

    expect((await client.listResources()).resources.map((r) => r.uri)).toEqual([
      'notes://vetted',
      'notes://changing',
    ]);
    expect((await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate)).toEqual([
      'notes://by-id/{id}',
    ]);
    await client.subscribeResource({ uri: 'notes://vetted' });
    expect(textOf(await client.readResource({ uri: 'notes://vetted' }))).toBe(
      'vetted content; subscribed: notes://vetted',
    );
    expect(textOf(await client.readResource({ uri: 'notes://by-id/42' }))).toBe('note 42');
    expect(textOf(await client.readResource({ uri: 'notes://changing' }))).toBe('changing content');

    const undeclared = await expectGateRefusal(client.readResource({ uri: 'notes://secret' }));
    expect(undeclared.data).toEqual({ gate: 'mcpvet', reason: 'undeclared', resource: 'notes://secret' });
    expect(undeclared.message).toContain("resource 'notes://secret' is not in the vetted surface");
    // the server would serve these through its own, unvetted template
    expect((await expectGateRefusal(client.readResource({ uri: 'secrets://token' }))).data).toMatchObject({
      reason: 'undeclared',
    });
    await expectGateRefusal(client.readResource({ uri: 'notes://by-id/a/b' }));
    await expectGateRefusal(client.subscribeResource({ uri: 'notes://secret' }));

    await client.callTool({ name: 'drift', arguments: {} });
    await changed; // forwarded only after the gate re-listed
    const drifted = await expectGateRefusal(client.readResource({ uri: 'notes://changing' }));
    expect(drifted.data).toEqual({ gate: 'mcpvet', reason: 'drifted', resource: 'notes://changing' });
    expect(drifted.message).toContain("resource 'notes://changing' differs from its vetted definition");
    expect((await client.listResources()).resources.map((r) => r.uri)).toEqual(['notes://vetted']);
    expect(textOf(await client.readResource({ uri: 'notes://by-id/7' }))).toBe('note 7');
    await client.close();

    const decisions = log
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    expect(decisions).toContainEqual(
      expect.objectContaining({
        event: 'list',
        decision: 'filter',
        kind: 'resource',
        allowed: ['notes://vetted', 'notes://changing'],
        dropped: [{ name: 'notes://secret', reason: 'undeclared' }],
      }),
    );
    expect(decisions).toContainEqual(
      expect.objectContaining({
        event: 'list',
        kind: 'resourceTemplate',
        dropped: [{ name: 'secrets://{name}', reason: 'undeclared' }],
      }),
    );
    expect(decisions).toContainEqual(
      expect.objectContaining({
        event: 'invoke',
        decision: 'allow',
        kind: 'resource',
        name: 'notes://by-id/42',
        method: 'resources/read',
        template: 'notes://by-id/{id}',
      }),
    );
    expect(decisions).toContainEqual(
      expect.objectContaining({
        event: 'invoke',
        decision: 'deny',
        name: 'notes://secret',
        method: 'resources/subscribe',
        reason: 'undeclared',
      }),
    );
    expect(decisions).toContainEqual(expect.objectContaining({ event: 'list_changed', kind: 'resource' }));
    expect(decisions).toContainEqual(
      expect.objectContaining({
        event: 'recheck',
        kind: 'resource',
        drift: expect.arrayContaining([
          expect.objectContaining({ code: 'resource_changed', name: 'notes://changing' }),
        ]),
      }),
    );
    expect(decisions).toContainEqual(
      expect.objectContaining({ event: 'recheck', kind: 'resourceTemplate', listed: 2 }),
    );
  });
});

describe('mcpvet exec gates resources (in process)', () => {
  it('drops and refuses a resource that was drifted from the start', async () => {
    const gate = startGate(['--capabilities', vettedFile, '--env', 'FIXTURE_DRIFT=1']);
    const client = new Client({ name: 't', version: '1' });
    await client.connect(gate.transport);
    expect((await client.listResources()).resources.map((r) => r.uri)).toEqual(['notes://vetted']);
    const error = await expectGateRefusal(client.readResource({ uri: 'notes://changing' }));
    expect(error.data).toMatchObject({ reason: 'drifted' });
    expect(textOf(await client.readResource({ uri: 'notes://vetted' }))).toContain('vetted content');
    await client.close();
    expect(await gate.exit).toBe(0);
    expect(gate.decisions()).toContainEqual(
      expect.objectContaining({
        event: 'list',
        kind: 'resource',
        dropped: [{ name: 'notes://changing', reason: 'drifted' }],
      }),
    );
  });

  it('refuses reads through a drifted template and of a vetted resource the server no longer lists', async () => {
    const file = vettedVariant('template-drift', (vetted) => {
      const [template] = vetted.resourceTemplates ?? [];
      if (template) template.description = 'A note by its id (as it was vetted).';
      vetted.resources = [...(vetted.resources ?? []), { uri: 'notes://gone', name: 'gone' }];
    });
    const gate = startGate(['--capabilities', file]);
    const client = new Client({ name: 't', version: '1' });
    await client.connect(gate.transport);
    expect((await client.listResourceTemplates()).resourceTemplates).toEqual([]);
    const viaTemplate = await expectGateRefusal(client.readResource({ uri: 'notes://by-id/1' }));
    expect(viaTemplate.data).toEqual({ gate: 'mcpvet', reason: 'drifted', resource: 'notes://by-id/1' });
    expect(viaTemplate.message).toContain(
      "'notes://by-id/1' matches a vetted template, but resource template 'notes://by-id/{id}' differs",
    );
    const gone = await expectGateRefusal(client.readResource({ uri: 'notes://gone' }));
    expect(gone.data).toMatchObject({ reason: 'not_listed' });
    expect(textOf(await client.readResource({ uri: 'notes://vetted' }))).toContain('vetted content');
    await client.close();
    await gate.exit;
  });

  it('fails closed: a vetted surface without resources lets none through', async () => {
    const file = vettedVariant('no-resources', (vetted) => {
      delete vetted.resources;
      vetted.resourceTemplates = [];
    });
    const gate = startGate(['--capabilities', file]);
    const client = new Client({ name: 't', version: '1' });
    await client.connect(gate.transport);
    expect((await client.listResources()).resources).toEqual([]);
    expect((await client.listResourceTemplates()).resourceTemplates).toEqual([]);
    for (const uri of ['notes://vetted', 'notes://by-id/1']) {
      expect((await expectGateRefusal(client.readResource({ uri }))).data).toMatchObject({
        reason: 'undeclared',
      });
    }
    await expectGateRefusal(client.subscribeResource({ uri: 'notes://vetted' }));
    expect((await client.callTool({ name: 'drift', arguments: {} })).content).toEqual([
      { type: 'text', text: 'drifted' },
    ]);
    await client.close();
    await gate.exit;
  });

  it('leaves a server without a resources capability alone, and refuses reads it cannot check', async () => {
    const gate = startGate(['--capabilities', vettedFile, '--env', 'FIXTURE_NO_RESOURCES=1']);
    const client = new Client({ name: 't', version: '1' });
    await client.connect(gate.transport);
    expect(client.getServerCapabilities()?.resources).toBeUndefined();
    expect((await client.callTool({ name: 'drift', arguments: {} })).content).toEqual([
      { type: 'text', text: 'nothing to drift' },
    ]);
    const kinds = () => gate.decisions().map((d) => d.kind);
    // the gate listed tools on its own but never asked for resources
    expect(gate.decisions()).toContainEqual(expect.objectContaining({ event: 'recheck', kind: 'tool' }));
    expect(kinds()).not.toContain('resource');
    expect(kinds()).not.toContain('resourceTemplate');
    // a read anyway: the vetted URI cannot be checked against a listing that fails, so it is refused
    const unknown = await expectGateRefusal(client.readResource({ uri: 'notes://vetted' }));
    expect(unknown.data).toMatchObject({ reason: 'surface_unknown' });
    await client.close();
    await gate.exit;
  });

  it('checks gated requests whatever their id: null ids are refused, notifications dropped', async () => {
    const gate = startGate(['--capabilities', vettedFile, '--env', 'FIXTURE_EXTRA=1']);
    const lines: Record<string, unknown>[] = [];
    gate.stdout.on('data', (c: Buffer) =>
      lines.push(
        ...String(c)
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l)),
      ),
    );
    const send = (message: Record<string, unknown>) =>
      gate.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
    send({ id: null, method: 'resources/read', params: { uri: 'notes://secret' } });
    send({ method: 'resources/read', params: { uri: 'notes://secret' } });
    send({ method: 'tools/call', params: { name: 'run_shell', arguments: {} } });
    send({ id: 1, method: 'ping' });
    // client messages are handled in order: the ping's answer comes after the three above were decided
    while (!lines.some((l) => l.id === 1)) await new Promise((r) => setTimeout(r, 20));
    gate.stdin.end();
    expect(await gate.exit).toBe(0);
    expect(lines).toEqual([
      {
        jsonrpc: '2.0',
        id: null,
        error: {
          code: GATE_ERROR_CODE,
          message: expect.stringContaining('not in the vetted surface'),
          data: { gate: 'mcpvet', reason: 'undeclared', resource: 'notes://secret' },
        },
      },
      { jsonrpc: '2.0', id: 1, result: {} },
    ]);
    const denied = gate.decisions().filter((d) => d.event === 'invoke' && d.decision === 'deny');
    expect(denied.map((d) => [d.kind, d.name])).toEqual([
      ['resource', 'notes://secret'],
      ['resource', 'notes://secret'],
      ['tool', 'run_shell'],
    ]);
  });
});
