import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Schema } from '@cfworker/json-schema';
import { registerSchema, validateRecord } from '../../registry/records/index.js';
import type { Lock } from '../../registry/records/types.generated.js';
import type { SignedSnapshot } from '../../registry/signing/index.js';
import lockSchema from '../../schemas/lock.schema.json' with { type: 'json' };
import { VerifierError } from '../errors/index.js';

export const LOCK_FILE = 'mcpvet.lock';
export const SNAPSHOT_FILE = 'mcpvet.snapshot.json';

registerSchema('lock', lockSchema as Schema);

/** A lock as read from disk, with the signed snapshot saved beside it. */
export interface LoadedLock {
  path: string;
  lock: Lock;
  snapshotPath: string;
  /** The snapshot file's content (unverified: checkLockTrust decides). */
  snapshot: SignedSnapshot;
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file_not_found' : 'io_error';
    throw new VerifierError(code, `cannot read ${what} ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new VerifierError('lock_invalid', `${path} is not JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Read and validate mcpvet.lock and the snapshot it names; a lock that breaks the schema is lock_invalid (exit 2). */
export async function readLock(path: string): Promise<LoadedLock> {
  const value = parseJson(await readText(path, 'the lock'), path);
  const result = validateRecord<Lock>('lock', value);
  if (!result.ok) {
    const lines = result.issues.map((i) => `  ${i.path}: ${i.message} (${i.rule})`);
    throw new VerifierError('lock_invalid', `${path} is not a valid mcpvet.lock:\n${lines.join('\n')}`, {
      details: { file: path, issues: result.issues },
    });
  }
  const lock = result.value;
  const snapshotPath = resolve(dirname(path), lock.registry.snapshotFile ?? SNAPSHOT_FILE);
  const snapshot = parseJson(
    await readText(snapshotPath, 'the saved snapshot'),
    snapshotPath,
  ) as SignedSnapshot;
  return { path, lock, snapshotPath, snapshot };
}

async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}

/** Write the lock and its snapshot (the snapshot first, so a lock never names a file not yet written). */
export async function writeLock(path: string, lock: Lock, snapshot: SignedSnapshot): Promise<string> {
  const snapshotPath = join(dirname(path), lock.registry.snapshotFile ?? SNAPSHOT_FILE);
  await writeAtomically(snapshotPath, `${JSON.stringify(snapshot)}\n`);
  await writeAtomically(path, `${JSON.stringify(lock, null, 2)}\n`);
  return snapshotPath;
}
