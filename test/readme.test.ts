import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = `node --import ${join(ROOT, 'node_modules/tsx/dist/esm/index.mjs')} ${join(ROOT, 'verifier/cli/main.ts')}`;

function walkthrough(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /<!-- walkthrough:start -->\s*```sh\n([\s\S]*?)```\s*<!-- walkthrough:end -->/.exec(
    readme,
  )?.[1];
  if (!block) throw new Error('README has no walkthrough block');
  return block;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(command, args, { env, cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('README walkthrough', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcpvet-readme-'));
  let server: ChildProcess | undefined;
  afterAll(() => {
    server?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('works exactly as written against a freshly started registry', async () => {
    const env = { ...process.env, MCPVET_CLI_MAIN: '1', MCPVET_TOKEN: '', MCPVET_ADMIN_TOKEN: '' };
    server = spawn('bash', ['-c', `exec ${CLI} serve --port 0 --data-dir ${join(dir, '.mcpvet')}`], {
      env,
      cwd: dir,
    });
    let out = '';
    server.stdout?.on('data', (d) => (out += d));
    const started = Date.now();
    while (!/listening on (http:\/\/\S+)/.test(out)) {
      if (Date.now() - started > 20_000) throw new Error(`registry did not start: ${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const url = /listening on (http:\/\/\S+)/.exec(out)?.[1] as string;
    const admin = /(mvt_[a-f0-9]{16}_[A-Za-z0-9_-]{43})/.exec(out)?.[1] as string;
    expect(admin).toBeTruthy();
    const script = walkthrough()
      .replace('export MCPVET_TOKEN=mvt_…', `export MCPVET_TOKEN=${admin}`)
      .replaceAll('npx mcpvet', CLI)
      .replaceAll('http://127.0.0.1:8787', url);
    const result = await run(
      'bash',
      ['-euo', 'pipefail', '-c', script],
      { ...env, MCPVET_REGISTRY: url },
      dir,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('published io.github.acme/weather@1.2.3');
    expect(result.stdout).toContain('io.github.acme/weather@1.2.3 is now approved');
    const latest = JSON.parse(result.stdout.trim().split('\n').at(-1) as string);
    expect(latest).toMatchObject({ name: 'io.github.acme/weather', version: '1.2.3', status: 'approved' });
  });
});
