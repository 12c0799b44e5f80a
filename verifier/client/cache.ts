import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReleaseRecord } from '../../registry/records/index.js';

/** One server's releases as a registry served them, and when. */
export interface CachedServer {
  registry: string;
  name: string;
  fetchedAt: string;
  releases: ReleaseRecord[];
}

/**
 * Registry answers kept on disk so a later run can verify when the registry is unreachable. Only what a
 * registry said is cached, never a negative ("not listed"): offline, an unknown server stays unlisted.
 */
export interface ReleaseCache {
  save(entry: CachedServer): Promise<void>;
  /** Every server cached for a registry. */
  load(registry: string): Promise<CachedServer[]>;
}

function registryDir(root: string, registry: string): string {
  return join(root, createHash('sha256').update(registry).digest('hex').slice(0, 24));
}

export function createReleaseCache(root: string): ReleaseCache {
  return {
    async save(entry) {
      const dir = registryDir(root, entry.registry);
      await mkdir(dir, { recursive: true });
      const file = join(dir, `${encodeURIComponent(entry.name)}.json`);
      // write then rename, so a concurrent run never reads half a file
      const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(tmp, JSON.stringify(entry));
      await rename(tmp, file);
    },
    async load(registry) {
      const dir = registryDir(root, registry);
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        return [];
      }
      const out: CachedServer[] = [];
      for (const name of names.filter((n) => n.endsWith('.json'))) {
        try {
          const entry = JSON.parse(await readFile(join(dir, name), 'utf8')) as CachedServer;
          if (entry.registry === registry && Array.isArray(entry.releases)) out.push(entry);
        } catch {
          // a damaged cache file is just not used
        }
      }
      return out;
    },
  };
}

/** $MCPVET_CACHE_DIR, else the platform's user cache folder. */
export function defaultCacheDir(
  env: Record<string, string | undefined>,
  home: string,
  platform: NodeJS.Platform,
): string {
  if (env.MCPVET_CACHE_DIR) return env.MCPVET_CACHE_DIR;
  if (platform === 'win32')
    return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'mcpvet', 'cache');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'mcpvet');
  return join(env.XDG_CACHE_HOME ?? join(home, '.cache'), 'mcpvet');
}
