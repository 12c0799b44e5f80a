import type { DependencyTree } from './material.js';

export interface ResolvedManifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  deprecated?: string;
  hasInstallScript?: boolean;
}

/** Resolves `name@range` to the version the registry would install (pacote.manifest in the adapter). */
export type ManifestFetcher = (name: string, range: string) => Promise<ResolvedManifest>;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function depsOf(m: { dependencies?: unknown; optionalDependencies?: unknown }): Array<[string, string]> {
  const out = new Map<string, string>();
  for (const field of [m.dependencies, m.optionalDependencies])
    if (isObject(field)) for (const [k, v] of Object.entries(field)) if (typeof v === 'string') out.set(k, v);
  return [...out];
}

/**
 * The production dependency closure as the registry resolves it: each `name@range` to its highest matching
 * version, unique by name@version. npm's tree may dedupe to fewer versions, so this is an upper bound on
 * distinct packages, not a lockfile.
 */
export async function resolveDependencyTree(
  root: { dependencies?: unknown; optionalDependencies?: unknown },
  fetchManifest: ManifestFetcher,
  options: { limit?: number; concurrency?: number } = {},
): Promise<DependencyTree> {
  const limit = options.limit ?? 1000;
  const concurrency = options.concurrency ?? 8;
  const seenRanges = new Set<string>();
  const packages = new Set<string>();
  const unresolved: string[] = [];
  const withInstallScripts = new Set<string>();
  const deprecated = new Set<string>();
  let truncated = false;
  let queue = depsOf(root);

  while (queue.length > 0) {
    const batch = queue.filter(([n, r]) => {
      const key = `${n}@${r}`;
      if (seenRanges.has(key)) return false;
      seenRanges.add(key);
      return true;
    });
    queue = [];
    for (let i = 0; i < batch.length; i += concurrency) {
      const results = await Promise.all(
        batch.slice(i, i + concurrency).map(async ([name, range]) => {
          try {
            return { ok: true as const, m: await fetchManifest(name, range) };
          } catch {
            return { ok: false as const, spec: `${name}@${range}` };
          }
        }),
      );
      for (const r of results) {
        if (!r.ok) {
          unresolved.push(r.spec);
          continue;
        }
        const id = `${r.m.name}@${r.m.version}`;
        if (packages.has(id)) continue;
        if (packages.size >= limit) {
          truncated = true;
          continue;
        }
        packages.add(id);
        if (r.m.hasInstallScript) withInstallScripts.add(id);
        if (r.m.deprecated) deprecated.add(id);
        queue.push(...depsOf(r.m));
      }
    }
  }
  return {
    source: 'registry',
    packages: [...packages].sort(),
    truncated,
    unresolved: unresolved.sort(),
    withInstallScripts: [...withInstallScripts].sort(),
    deprecated: [...deprecated].sort(),
  };
}

/** A published npm-shrinkwrap.json is the exact tree npm installs: count its non-dev packages. */
export function dependencyTreeFromShrinkwrap(text: string): DependencyTree | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(doc) || !isObject(doc.packages)) return undefined;
  const packages = new Set<string>();
  const withInstallScripts = new Set<string>();
  const deprecated = new Set<string>();
  for (const [path, entry] of Object.entries(doc.packages)) {
    if (path === '' || !isObject(entry) || entry.dev === true || entry.link === true) continue;
    const name =
      typeof entry.name === 'string' ? entry.name : path.slice(path.lastIndexOf('node_modules/') + 13);
    const id = `${name}@${String(entry.version ?? '?')}`;
    packages.add(id);
    if (entry.hasInstallScript === true) withInstallScripts.add(id);
    if (typeof entry.deprecated === 'string') deprecated.add(id);
  }
  return {
    source: 'npm-shrinkwrap.json',
    packages: [...packages].sort(),
    truncated: false,
    unresolved: [],
    withInstallScripts: [...withInstallScripts].sort(),
    deprecated: [...deprecated].sort(),
  };
}
