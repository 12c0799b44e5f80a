import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { GATE_ERROR_CODE } from '../../verifier/gate/index.js';
import { FIXTURES } from '../capture/helpers.js';
import { expectGateRefusal, spawnGateTransport, startGateInProcess, vetFixture } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'mcpvet-gate-'));
const weather = join(FIXTURES, 'weather.mjs');
let vettedFile: string;

beforeAll(async () => {
  // vetting = capturing the approved release once
  vettedFile = await vetFixture('weather.mjs', tmp);
});

describe('mcpvet exec (real binary, real SDK client session)', () => {
  it('relays an approved server end to end and refuses a rug-pulled tool', async () => {
    const spawnGate = (variant: string) =>
      spawnGateTransport(vettedFile, weather, [`FIXTURE_VARIANT=${variant}`]);

    const approved = new Client({ name: 'test-client', version: '1.0.0' });
    await approved.connect(spawnGate('v1'));
    const tools = await approved.listTools();
    expect(tools.tools.map((t) => t.name)).toEqual(['get_forecast', 'get_alerts', 'unlock']);
    const call = await approved.callTool({ name: 'get_forecast', arguments: { city: 'Lyon', days: 2 } });
    expect(call.content).toEqual([{ type: 'text', text: 'Sunny in Lyon for 2 day(s)' }]);
    expect(approved.getInstructions()).toContain('travel planning');
    await approved.close();

    const pulledTransport = spawnGate('rugpull');
    let log = '';
    pulledTransport.stderr?.on('data', (c: Buffer) => {
      log += String(c);
    });
    const pulled = new Client({ name: 'test-client', version: '1.0.0' });
    await pulled.connect(pulledTransport);
    const listed = await pulled.listTools();
    expect(listed.tools.map((t) => t.name)).toEqual(['get_alerts', 'unlock']);
    const error = await expectGateRefusal(
      pulled.callTool({ name: 'get_forecast', arguments: { city: 'Lyon', days: 1 } }),
    );
    expect(error.code).toBe(GATE_ERROR_CODE);
    expect(error.message).toContain("tool 'get_forecast' differs from its vetted definition");
    expect((await pulled.callTool({ name: 'get_alerts', arguments: { region: 'north' } })).content).toEqual([
      { type: 'text', text: 'No alerts in north' },
    ]);
    await pulled.close();
    const decisions = log
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    expect(decisions).toContainEqual(
      expect.objectContaining({ event: 'invoke', decision: 'deny', name: 'get_forecast', reason: 'drifted' }),
    );
    expect(decisions).toContainEqual(
      expect.objectContaining({
        event: 'recheck',
        drift: [expect.objectContaining({ code: 'tool_description_changed', severity: 'high' })],
      }),
    );
  });
});

describe('mcpvet exec (in process)', () => {
  it('re-checks on list_changed: a tool added mid-session is hidden and refused', async () => {
    const gate = startGateInProcess(['--capabilities', vettedFile, '--', process.execPath, weather], tmp);
    const client = new Client({ name: 't', version: '1' });
    const changed = new Promise<void>((resolve) =>
      client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()),
    );
    await client.connect(gate.transport);
    await client.callTool({ name: 'unlock', arguments: {} });
    await changed;
    const listed = await client.listTools();
    expect(listed.tools.map((t) => t.name)).toEqual(['get_forecast', 'get_alerts', 'unlock']);
    const error = await expectGateRefusal(
      client.callTool({ name: 'run_shell', arguments: { command: 'id' } }),
    );
    expect(error.message).toContain("tool 'run_shell' is not in the vetted surface");
    expect(error.data).toEqual({ gate: 'mcpvet', reason: 'undeclared', tool: 'run_shell' });
    await client.close();
    expect(await gate.exit).toBe(0);
    const events = gate.decisions();
    expect(events).toContainEqual(expect.objectContaining({ event: 'list_changed', kind: 'tool' }));
    expect(events).toContainEqual(
      expect.objectContaining({
        event: 'recheck',
        listed: 4,
        drift: [expect.objectContaining({ code: 'tool_added', name: 'run_shell' })],
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        event: 'list',
        decision: 'filter',
        dropped: [{ name: 'run_shell', reason: 'undeclared' }],
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ event: 'invoke', decision: 'allow', name: 'unlock' }),
    );
  });

  it('drops widened and annotation-flipped tools, keeps the rest', async () => {
    for (const variant of ['widened', 'unsafe']) {
      const gate = startGateInProcess(
        [
          '--capabilities',
          vettedFile,
          '--env',
          `FIXTURE_VARIANT=${variant}`,
          '--',
          process.execPath,
          weather,
        ],
        tmp,
      );
      const client = new Client({ name: 't', version: '1' });
      await client.connect(gate.transport);
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).not.toContain('get_forecast');
      expect(names).toContain('unlock');
      await expectGateRefusal(
        client.callTool({ name: 'get_forecast', arguments: { city: 'x', notes: 'ssh key' } }),
      );
      await client.close();
      await gate.exit;
    }
  });

  it('filters prompts the same way and replaces drifted instructions with the vetted text', async () => {
    const vetted = JSON.parse(
      JSON.stringify(await import('node:fs').then((fs) => JSON.parse(fs.readFileSync(vettedFile, 'utf8')))),
    );
    vetted.instructions = 'Vetted instructions.';
    vetted.prompts = [];
    const file = join(tmp, 'vetted-no-prompts.json');
    writeFileSync(file, JSON.stringify(vetted));
    const gate = startGateInProcess(['--capabilities', file, '--', process.execPath, weather], tmp);
    const client = new Client({ name: 't', version: '1' });
    await client.connect(gate.transport);
    expect(client.getInstructions()).toBe('Vetted instructions.');
    expect((await client.listPrompts()).prompts).toEqual([]);
    const error = await expectGateRefusal(
      client.getPrompt({ name: 'plan_trip', arguments: { city: 'Oslo' } }),
    );
    expect(error.message).toContain("prompt 'plan_trip' is not in the vetted surface");
    await client.close();
    await gate.exit;
    expect(gate.decisions()).toContainEqual(
      expect.objectContaining({ event: 'initialize', decision: 'replace', reason: 'instructions_changed' }),
    );
  });

  it('answers a malformed client line with a parse error and keeps relaying', async () => {
    const gate = startGateInProcess(['--capabilities', vettedFile, '--', process.execPath, weather], tmp);
    const replies: string[] = [];
    gate.stdout.on('data', (c: Buffer) => replies.push(...String(c).split('\n').filter(Boolean)));
    gate.stdin.write('this is not json\n');
    gate.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' })}\n`);
    await new Promise((r) => setTimeout(r, 300));
    gate.stdin.end();
    expect(await gate.exit).toBe(0);
    expect(replies.map((r) => JSON.parse(r))).toEqual([
      { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } },
      { jsonrpc: '2.0', id: 1, result: {} },
    ]);
  });

  it("ends with the server's exit code when the server dies, and logs it", async () => {
    const gate = startGateInProcess(
      ['--capabilities', vettedFile, '--', process.execPath, join(FIXTURES, 'broken.mjs'), 'crash'],
      tmp,
    );
    gate.stdin.write(
      `${JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } })}\n`,
    );
    expect(await gate.exit).toBe(3);
    expect(gate.stderr()).toContain('fatal: could not open database');
    expect(gate.decisions()).toContainEqual(expect.objectContaining({ event: 'server_exit', code: 3 }));
  });

  it('refuses to start without a vetted surface, or with an invalid one', async () => {
    const none = startGateInProcess(['--', process.execPath, weather], tmp);
    expect(await none.exit).toBe(2);
    expect(none.stderr()).toContain('give exactly one of --capabilities, --registry, --lock');
    const badFile = join(tmp, 'bad.json');
    writeFileSync(badFile, JSON.stringify({ tools: [{ name: 'x' }] }));
    const bad = startGateInProcess(['--capabilities', badFile, '--', process.execPath, weather], tmp);
    expect(await bad.exit).toBe(2);
    expect(bad.stderr()).toContain('not a valid capabilities document');
  });
});
