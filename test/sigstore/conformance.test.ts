import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../verifier/cli/main.js';
import { captureIO } from './cli-io.js';

// The Sigstore client conformance suite's verify-bundle cases (read in place from ../shared).
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SUITE = resolve(ROOT, '../shared/conformance/sigstore-bundle-verify');
const DEFAULT_IDENTITY =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const DEFAULT_ISSUER = 'https://token.actions.githubusercontent.com';

interface Case {
  name: string;
  expectVerified: boolean;
  args(target: string): string[];
  artifact: string;
  digest: string;
}

function readOptional(dir: string, file: string, fallback: string): string {
  const path = join(dir, file);
  return existsSync(path) ? readFileSync(path, 'utf8').trim() : fallback;
}

function loadCases(): Case[] {
  return readdirSync(SUITE)
    .filter((name) => statSync(join(SUITE, name)).isDirectory())
    .sort()
    .map((name) => {
      const dir = join(SUITE, name);
      const artifact = existsSync(join(dir, 'artifact')) ? join(dir, 'artifact') : join(SUITE, 'a.txt');
      const digest = `sha256:${createHash('sha256').update(readFileSync(artifact)).digest('hex')}`;
      const args = (target: string) => {
        const argv = ['bundle', 'verify', '--bundle', join(dir, 'bundle.sigstore.json')];
        if (existsSync(join(dir, 'key.pub'))) argv.push('--key', join(dir, 'key.pub'));
        else
          argv.push(
            '--certificate-identity',
            readOptional(dir, 'identity', DEFAULT_IDENTITY),
            '--certificate-oidc-issuer',
            readOptional(dir, 'issuer', DEFAULT_ISSUER),
          );
        if (existsSync(join(dir, 'trusted_root.json')))
          argv.push('--trusted-root', join(dir, 'trusted_root.json'));
        argv.push(target);
        return argv;
      };
      return { name, expectVerified: !name.endsWith('_fail'), args, artifact, digest };
    });
}

const present = existsSync(SUITE);
if (!present)
  console.log(`[conformance] ${SUITE} is absent: Sigstore verify-bundle conformance suite not run`);

describe.runIf(present)('Sigstore conformance: mcpvet bundle verify', () => {
  const cases = present ? loadCases() : [];
  let passed = 0;
  let runs = 0;

  afterAll(() => {
    console.log(
      `[conformance] sigstore verify-bundle: ${passed}/${runs} runs correct (${cases.length} cases, by path and by digest)`,
    );
  });

  it('has the 70 cases of the pinned suite', () => {
    expect(cases).toHaveLength(70);
  });

  for (const mode of ['path', 'digest'] as const) {
    describe(`by ${mode}`, () => {
      for (const c of cases) {
        it(`${c.name} ${c.expectVerified ? 'verifies' : 'is rejected'}`, async () => {
          runs += 1;
          const io = captureIO(ROOT);
          const code = await runCli(c.args(mode === 'path' ? c.artifact : c.digest), io);
          if (c.expectVerified) {
            expect(code, io.err()).toBe(0);
            expect(io.out()).toContain('verified');
          } else {
            expect(code, io.out()).not.toBe(0);
            // a rejection is a reasoned refusal, never a crash
            expect(io.err()).toMatch(/error \[[a-z_]+\]/);
            expect(io.err()).not.toContain('internal error');
          }
          passed += 1;
        });
      }
    });
  }

  describe('identity policy on a real bundle', () => {
    const happy = () => cases.find((x) => x.name === 'happy-path-v0.3') as Case;
    const withIdentity = (identity: string, issuer = DEFAULT_ISSUER) =>
      happy()
        .args(happy().artifact)
        .map((arg, i, all) =>
          all[i - 1] === '--certificate-identity'
            ? identity
            : all[i - 1] === '--certificate-oidc-issuer'
              ? issuer
              : arg,
        );

    it('rejects a prefix, a regular expression and a wrong issuer (identity_mismatch)', async () => {
      for (const argv of [
        withIdentity('https://github.com/sigstore-conformance/'),
        withIdentity('.*'),
        withIdentity(`${DEFAULT_IDENTITY}x`),
        withIdentity(DEFAULT_IDENTITY, 'https://accounts.google.com'),
      ]) {
        const io = captureIO(ROOT);
        expect(await runCli(argv, io)).toBe(3);
        expect(io.err()).toContain('[identity_mismatch]');
      }
    });

    it('rejects the right bundle for another artifact digest (artifact_mismatch)', async () => {
      const io = captureIO(ROOT);
      expect(await runCli(happy().args(`sha256:${'0'.repeat(64)}`), io)).toBe(3);
      expect(io.err()).toContain('[artifact_mismatch]');
    });
  });

  describe('through the real binary', () => {
    const run = promisify(execFile);
    const binary = (argv: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'verifier/cli/main.ts', ...argv], {
        cwd: ROOT,
        env: { ...process.env, MCPVET_CLI_MAIN: '1' },
      });

    it('verifies a v0.3 bundle by path and exits 0', async () => {
      const c = cases.find((x) => x.name === 'happy-path-v0.3') as Case;
      const { stdout } = await binary(c.args(c.artifact));
      expect(stdout).toContain('verified');
    });

    it('verifies a Rekor v2 DSSE bundle by digest and exits 0', async () => {
      const c = cases.find((x) => x.name === 'rekor2-dsse-happy-path') as Case;
      const { stdout } = await binary(c.args(c.digest));
      expect(stdout).toContain('verified');
    });

    it('rejects a tampered bundle with exit 3', async () => {
      const c = cases.find((x) => x.name === 'signature-mismatch_fail') as Case;
      const failure = await binary(c.args(c.digest)).then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      );
      expect(failure?.code).toBe(3);
      expect(failure?.stderr).toContain('[tlog_invalid]');
    });
  });
});
