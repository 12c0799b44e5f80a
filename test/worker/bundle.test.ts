import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { parse } from 'smol-toml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './workerd.js';

// Bundles the Workers entry the way a Worker sees the world: platform "neutral" knows no Node builtins,
// so importing one (node:fs, or a bare "crypto") is a resolve error, and nothing may be left external.
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
// Verifier code the registry shares on purpose (it states it stays free of node:*); anything else from
// verifier/ in the Worker bundle is a mistake even before it imports a builtin.
const RUNTIME_NEUTRAL_VERIFIER = [
  // the catalog's capability diff (diffCapabilities and what it imports; not drift/document.ts)
  'verifier/drift/diff.ts',
  'verifier/drift/schema-diff.ts',
  'verifier/drift/severity.ts',
  'verifier/drift/text.ts',
];
const NODE_ONLY_PACKAGES = ['better-sqlite3', '@hono/node-server', 'pacote', '@sigstore/'];

describe('Workers entry import graph', () => {
  let metafile: Metafile;
  let output: string;
  beforeAll(async () => {
    const result = await build({
      entryPoints: [join(ROOT, 'registry/worker/index.ts')],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      conditions: ['workerd', 'worker', 'browser', 'import'],
      mainFields: ['module', 'main'],
      logLevel: 'silent',
    });
    metafile = result.metafile;
    output = result.outputFiles[0]?.text ?? '';
  });

  it('bundles without any Node builtin and with no import left external', () => {
    const imports = Object.values(metafile.inputs).flatMap((i) => i.imports);
    expect(imports.filter((i) => i.external).map((i) => i.path)).toEqual([]);
    expect(imports.filter((i) => NODE_BUILTINS.has(i.path)).map((i) => i.path)).toEqual([]);
  });

  it('reaches none of the Node-only parts of the tree', () => {
    const inputs = Object.keys(metafile.inputs);
    expect(inputs).toContain('registry/worker/index.ts');
    expect(inputs).toContain('registry/d1/driver.ts');
    const nodeOnly = inputs.filter(
      (p) =>
        p.startsWith('registry/sqlite/') ||
        p.startsWith('registry/node/') ||
        (p.startsWith('verifier/') && !RUNTIME_NEUTRAL_VERIFIER.some((d) => p.startsWith(d))) ||
        NODE_ONLY_PACKAGES.some((pkg) => p.includes(`node_modules/${pkg}`)),
    );
    expect(nodeOnly).toEqual([]);
  });

  it('contains no string-to-code evaluation', () => {
    expect(output).not.toMatch(/\bnew Function\s*\(/);
    expect(output).not.toMatch(/(^|[^.\w])eval\s*\(/m);
  });

  it('fails on a Node builtin, so the checks above can fail', async () => {
    await expect(
      build({
        stdin: {
          contents: "import { readFileSync } from 'node:fs'; export const x = readFileSync;",
          loader: 'ts',
        },
        bundle: true,
        write: false,
        platform: 'neutral',
        logLevel: 'silent',
      }),
    ).rejects.toThrow(/node:fs/);
  });
});

describe('wrangler.toml', () => {
  const config = parse(readFileSync(join(ROOT, 'wrangler.toml'), 'utf8')) as {
    main: string;
    compatibility_date: string;
    compatibility_flags?: string[];
    d1_databases: { binding: string; migrations_dir: string }[];
  };

  it('uses the newest compatibility date the installed workerd accepts, without nodejs_compat', () => {
    const workerd = JSON.parse(readFileSync(join(ROOT, 'node_modules/workerd/package.json'), 'utf8')) as {
      version: string;
    };
    const date = /^1\.(\d{4})(\d{2})(\d{2})\./.exec(workerd.version);
    expect(date).not.toBeNull();
    expect(config.compatibility_date).toBe(`${date?.[1]}-${date?.[2]}-${date?.[3]}`);
    expect(config.compatibility_flags ?? []).not.toContain('nodejs_compat');
  });

  it('binds DB to the migrations the Node store applies', () => {
    expect(config.main).toBe('registry/worker/index.ts');
    expect(config.d1_databases).toEqual([
      expect.objectContaining({ binding: 'DB', migrations_dir: 'registry/migrations' }),
    ]);
  });
});
