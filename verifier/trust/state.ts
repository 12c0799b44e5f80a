import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SignedRoot } from '../../registry/signing/index.js';
import { VerifierError } from '../errors/index.js';

/** What a client remembers per registry: the root it trusts and the newest snapshot version it saw. */
export interface TrustState {
  registry: string;
  root: SignedRoot;
  lastSnapshotVersion?: number;
  updatedAt: string;
}

/** ~/.mcpvet/trust/<registry host[_port]>/, or the given state directory. */
export function toTrustDir(registry: string, options: { stateDir?: string; home?: string } = {}): string {
  if (options.stateDir !== undefined) return options.stateDir;
  const host = new URL(registry).host.replace(/[^A-Za-z0-9.-]/g, '_');
  return join(options.home ?? homedir(), '.mcpvet', 'trust', host);
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new VerifierError('config_invalid', `cannot read ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

// Write-then-rename so a crash never leaves a half-written root behind.
async function writeJson(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o644 });
  await rename(tmp, path);
}

export async function readTrustState(dir: string): Promise<TrustState | undefined> {
  const root = (await readJson(join(dir, 'root.json'))) as SignedRoot | undefined;
  if (root === undefined) return undefined;
  const meta = ((await readJson(join(dir, 'state.json'))) ?? {}) as Partial<TrustState>;
  return {
    registry: meta.registry ?? root.signed?.registry,
    root,
    ...(typeof meta.lastSnapshotVersion === 'number'
      ? { lastSnapshotVersion: meta.lastSnapshotVersion }
      : {}),
    updatedAt: meta.updatedAt ?? '',
  };
}

export async function writeTrustState(dir: string, state: TrustState): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeJson(join(dir, 'root.json'), state.root);
  const { root: _root, ...meta } = state;
  await writeJson(join(dir, 'state.json'), meta);
}

/** Remember a checked snapshot's version; the remembered version never goes down. */
export async function recordSnapshotVersion(
  dir: string,
  version: number,
  now = new Date(),
): Promise<TrustState> {
  const state = await readTrustState(dir);
  if (state === undefined) throw new VerifierError('config_invalid', `no trust root pinned in ${dir}`);
  const next = {
    ...state,
    lastSnapshotVersion: Math.max(state.lastSnapshotVersion ?? 0, version),
    updatedAt: now.toISOString(),
  };
  await writeTrustState(dir, next);
  return next;
}
