import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { exportSigningKey, generateSigningKey, toPublicKeyInfo } from '../../registry/signing/index.js';
import { runCliCaptured } from '../helpers/cli.js';

// Bad input to the verifier: whatever a config file, a lock, a bundle or a server says, the CLI answers
// with a documented exit code and a message, never an internal error or an unhandled rejection.
const RUNS = Number(process.env.MCPVET_VERIFIER_FUZZ_RUNS ?? 300);
const dir = mkdtempSync(join(tmpdir(), 'mcpvet-vfuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], cwd: string) {
  const home = join(cwd, 'home');
  return runCliCaptured(args, {
    env: { HOME: home, MCPVET_HOME: join(home, '.mcpvet'), npm_config_registry: 'http://127.0.0.1:9/' },
    cwd,
  });
}

function expectHandled(result: { code: number; stderr: string }, allowed: number[], label: string) {
  expect(allowed, `${label}: exit ${result.code}: ${result.stderr.slice(0, 300)}`).toContain(result.code);
  expect(result.stderr, label).not.toMatch(/internal error/);
}

const jsonish = fc.oneof(
  fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
  fc
    .record({
      servers: fc.dictionary(
        fc.string({ maxLength: 10 }),
        fc.record(
          {
            command: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
            args: fc.anything({ maxDepth: 2 }),
            url: fc.oneof(fc.webUrl(), fc.string()),
          },
          { requiredKeys: [] },
        ),
        { maxKeys: 3 },
      ),
    })
    .map((v) => `// comment\n${JSON.stringify(v, null, 1)},`),
  fc.constant(`{"mcpServers": ${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}}`),
);

describe('the verifier with bad input', () => {
  it(`scans ${RUNS} generated client config files without crashing`, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        jsonish,
        fc.constantFrom(
          '.vscode/mcp.json',
          '.cursor/mcp.json',
          '.mcp.json',
          '.gemini/settings.json',
          '.codex/config.toml',
        ),
        async (text, file) => {
          const project = join(dir, `scan-${n++}`);
          mkdirSync(join(project, file, '..'), { recursive: true });
          writeFileSync(join(project, file), text);
          const result = await cli(['scan', '--project-only', '--format', 'json'], project);
          expectHandled(result, [0, 1, 2], `scan ${file}`);
          if (result.code === 0) expect(() => JSON.parse(result.stdout)).not.toThrow();
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('verifies offline against generated garbage locks with exit 2 or 3 and a message', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(jsonish, async (text) => {
        const project = join(dir, `lock-${n++}`);
        mkdirSync(join(project, '.vscode'), { recursive: true });
        writeFileSync(
          join(project, '.vscode', 'mcp.json'),
          JSON.stringify({ servers: { a: { command: 'npx', args: ['-y', '@acme/a@1.0.0'] } } }),
        );
        writeFileSync(join(project, 'mcpvet.lock'), text);
        const result = await cli(['verify', '--offline', '--project-only', '--format', 'json'], project);
        expectHandled(result, [1, 2, 3], 'verify --offline');
        expect(result.stderr.length + result.stdout.length).toBeGreaterThan(0);
      }),
      { numRuns: Math.max(50, Math.floor(RUNS / 3)) },
    );
  });

  it('refuses generated garbage bundles with exit 2 or 3', async () => {
    const key = await generateSigningKey('ecdsa-p256');
    const keyFile = join(dir, 'key.pub');
    writeFileSync(keyFile, toPublicKeyInfo(key).publicKeyPem);
    void exportSigningKey;
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          jsonish,
          fc.jsonValue({ maxDepth: 4 }).map((v) =>
            JSON.stringify({
              mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
              verificationMaterial: v,
              messageSignature: v,
            }),
          ),
        ),
        async (text) => {
          const bundle = join(dir, `bundle-${n++}.json`);
          writeFileSync(bundle, text);
          const result = await cli(
            ['bundle', 'verify', '--bundle', bundle, '--key', keyFile, `sha256:${'a'.repeat(64)}`],
            dir,
          );
          expectHandled(result, [2, 3], 'bundle verify');
        },
      ),
      { numRuns: Math.max(50, Math.floor(RUNS / 3)) },
    );
  });

  it('captures servers that answer with generated garbage: a failure code, never a crash or a hang', async () => {
    const server = join(dir, 'garbage-server.mjs');
    // Initializes properly (so the capture gets past the handshake), then answers every later request
    // with the lines given in GARBAGE, "$ID" replaced by that request's id.
    writeFileSync(
      server,
      `import { createInterface } from 'node:readline';
const lines = JSON.parse(process.env.GARBAGE);
createInterface({ input: process.stdin }).on('line', (line) => {
  let msg; try { msg = JSON.parse(line); } catch { return; }
  if (msg.id === undefined) return;
  if (msg.method === 'initialize') {
    process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id: msg.id, result: { protocolVersion: msg.params.protocolVersion, capabilities: { tools: {}, prompts: {}, resources: {} }, serverInfo: { name: 'g', version: '1' } } }) + '\\n');
    return;
  }
  for (const l of lines) process.stdout.write(l.replaceAll('"$ID"', JSON.stringify(msg.id)) + '\\n');
});`,
    );
    const lineArb = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      fc
        .record(
          {
            jsonrpc: fc.constantFrom('2.0', '1.0', 2),
            id: fc.oneof(fc.constant('$ID'), fc.integer({ min: 0, max: 3 }), fc.string()),
            result: fc.anything({ maxDepth: 3 }),
            error: fc.anything({ maxDepth: 2 }),
          },
          { requiredKeys: [] },
        )
        .map((v) => JSON.stringify(v)),
      fc
        .record(
          {
            tools: fc.array(
              fc.record(
                {
                  name: fc.oneof(fc.string(), fc.integer()),
                  description: fc.anything({ maxDepth: 1 }),
                  inputSchema: fc.anything({ maxDepth: 3 }),
                },
                { requiredKeys: [] },
              ),
              { maxLength: 3 },
            ),
            nextCursor: fc.oneof(fc.constant(undefined), fc.string({ maxLength: 5 })),
            prompts: fc.anything({ maxDepth: 2 }),
            resources: fc.anything({ maxDepth: 2 }),
          },
          { requiredKeys: [] },
        )
        .map((result) => JSON.stringify({ jsonrpc: '2.0', id: '$ID', result })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(lineArb, { minLength: 1, maxLength: 4 }), async (lines) => {
        const out = join(dir, 'cap.json');
        const result = await cli(
          [
            'capture',
            '--timeout',
            '2s',
            '--env',
            `GARBAGE=${JSON.stringify(lines)}`,
            '--out',
            out,
            '--',
            process.execPath,
            server,
          ],
          dir,
        );
        expectHandled(result, [0, 1, 2], 'capture');
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
