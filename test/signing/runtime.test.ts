import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// registry/signing runs inside the Workers entry: nothing it reaches at runtime may be node:* or a
// Node-only package. Walk the runtime import graph from its index (type-only imports are erased).
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const RUNTIME_NEUTRAL_PACKAGES = new Set(['canonicalize', '@cfworker/json-schema', 'semver']);

function runtimeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers: string[] = [];
  const pattern = /^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm;
  for (const match of source.matchAll(pattern)) {
    if (match[2]) continue; // import type / export type
    specifiers.push((match[3] ?? match[4]) as string);
  }
  return specifiers;
}

function walk(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of runtimeImports(file)) {
      if (spec.startsWith('.')) {
        const target = join(dirname(file), spec);
        if (target.endsWith('.json')) continue;
        queue.push(target.replace(/\.js$/, '.ts'));
      } else packages.add(spec);
    }
  }
  return { files, packages };
}

describe('registry/signing is runtime-neutral', () => {
  it('reaches no node:* module and only Web-safe packages', () => {
    const { files, packages } = walk(join(ROOT, 'registry/signing/index.ts'));
    expect(files.size).toBeGreaterThan(5);
    expect(packages).toContain('canonicalize');
    for (const pkg of packages) {
      expect(pkg.startsWith('node:'), pkg).toBe(false);
      expect(RUNTIME_NEUTRAL_PACKAGES.has(pkg), `${pkg} is not known to run on Workers`).toBe(true);
    }
  });

  it('uses @sigstore/bundle for types only', () => {
    const source = readFileSync(join(ROOT, 'registry/signing/attestation.ts'), 'utf8');
    expect(source).toMatch(/import type \{ SerializedBundle \} from '@sigstore\/bundle'/);
    expect(
      runtimeImports(join(ROOT, 'registry/signing/attestation.ts')).some((s) => s.startsWith('@sigstore')),
    ).toBe(false);
  });
});
