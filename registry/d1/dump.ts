import { RegistryError } from '../errors/index.js';
import { toDigest } from '../records/index.js';
import type { StoreDump } from '../store/index.js';

const ARRAYS = ['servers', 'releases', 'events', 'assessments', 'tokens', 'audit'] as const;

/**
 * Checks a store dump before it is imported into another store (SQLite -> D1 or back): its shape, and that
 * every release and assessment document still hashes to the digest recorded for it, so a dump that was
 * edited or damaged in transit is refused instead of becoming registry state.
 */
export async function verifyStoreDump(value: unknown): Promise<StoreDump> {
  const issues: { path: string; rule: string; message: string }[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RegistryError('invalid_record', 'a store dump must be a JSON object', {
      details: { issues: [{ path: '/', rule: 'dump.type', message: 'must be an object' }] },
    });
  }
  const dump = value as Record<string, unknown>;
  if (dump.format !== 'mcpvet-store-dump/v1') {
    issues.push({ path: '/format', rule: 'dump.format', message: 'must be "mcpvet-store-dump/v1"' });
  }
  for (const key of ARRAYS) {
    if (!Array.isArray(dump[key]))
      issues.push({ path: `/${key}`, rule: 'dump.array', message: 'must be an array' });
  }
  if (typeof dump.meta !== 'object' || dump.meta === null || Array.isArray(dump.meta)) {
    issues.push({ path: '/meta', rule: 'dump.meta', message: 'must be an object of strings' });
  }
  if (issues.length === 0) {
    const typed = value as StoreDump;
    for (const [i, r] of typed.releases.entries()) {
      if (r.document?.name !== r.name || r.document?.version !== r.version) {
        issues.push({
          path: `/releases/${i}`,
          rule: 'dump.release.identity',
          message: 'document name/version differ from the row',
        });
      } else if ((await toDigest(r.document)) !== r.releaseDigest) {
        issues.push({
          path: `/releases/${i}/releaseDigest`,
          rule: 'dump.release.digest',
          message: `${r.name}@${r.version}: the document does not hash to its recorded digest`,
        });
      }
    }
    for (const [i, a] of typed.assessments.entries()) {
      if ((await toDigest(a.assessment)) !== a.digest) {
        issues.push({
          path: `/assessments/${i}/digest`,
          rule: 'dump.assessment.digest',
          message: `${a.name}@${a.version}: the assessment does not hash to its recorded digest`,
        });
      }
    }
  }
  if (issues.length > 0)
    throw new RegistryError('invalid_record', 'the store dump is invalid', { details: { issues } });
  return value as StoreDump;
}

/** True when the store holds no registry data yet (an import target must be empty). */
export function isEmptyDump(dump: StoreDump): boolean {
  return (
    dump.servers.length === 0 &&
    dump.releases.length === 0 &&
    dump.tokens.length === 0 &&
    dump.audit.length === 0
  );
}
