import { describe, expect, it } from 'vitest';
import {
  filterUpdatedSince,
  normalizeOfficialRecord,
  readOfficialRecords,
  recordUpdatedAt,
} from '../../registry/import/index.js';
import { EMPTY_ENV_NAME, EMPTY_REPOSITORY, VALID_NPM, VERSION_AUTO } from './fixtures.js';

describe('normalizeOfficialRecord', () => {
  it('keeps a valid record exactly as published, without the registry _meta', () => {
    const r = normalizeOfficialRecord(VALID_NPM);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.release).toEqual(VALID_NPM.server);
    expect(r.changes).toEqual([]);
  });

  it('accepts a bare server.json', () => {
    const r = normalizeOfficialRecord(VALID_NPM.server);
    expect(r.ok && r.release.name).toBe('io.github.acme/airtable');
  });

  it('drops an empty repository object and says so; nothing else changes', () => {
    const r = normalizeOfficialRecord(EMPTY_REPOSITORY);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { repository: _dropped, ...rest } = EMPTY_REPOSITORY.server;
    expect(r.release).toEqual(rest);
    expect(r.changes).toEqual([
      { path: '/repository', rule: 'import.repository.empty', message: 'dropped an empty repository object' },
    ]);
    // the input is not mutated
    expect(EMPTY_REPOSITORY.server.repository).toEqual({});
  });

  it('rejects a non-semver version with the schema rule, naming the record', () => {
    const r = normalizeOfficialRecord(VERSION_AUTO);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.name).toBe('io.github.sandbox/ipybox');
    expect(r.version).toBe('auto');
    // "auto" is an acceptable package version string; as the release version it is not semver
    expect(r.issues.map((i) => [i.path, i.rule])).toEqual([['/version', 'release.version.pattern']]);
  });

  it('reports every issue of a record, not just the first', () => {
    const r = normalizeOfficialRecord(EMPTY_ENV_NAME);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const rules = r.issues.map((i) => `${i.path} ${i.rule}`);
    expect(rules).toContain(
      '/packages/0/environmentVariables/0/name release.packages.environmentVariables.name.minLength',
    );
    expect(rules).toContain('/packages/0/version release.packages.version.pattern');
  });

  it('rejects what is not a server object', () => {
    for (const bad of [null, 42, 'x', [], { server: [] }]) {
      const r = normalizeOfficialRecord(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.issues[0]?.rule).toBe('import.server.type');
    }
  });
});

describe('reading records', () => {
  it('reads arrays, API pages and single records', () => {
    expect(readOfficialRecords([VALID_NPM])).toEqual([VALID_NPM]);
    expect(readOfficialRecords({ servers: [VALID_NPM], metadata: { count: 1 } })).toEqual([VALID_NPM]);
    expect(readOfficialRecords(VALID_NPM)).toEqual([VALID_NPM]);
    expect(readOfficialRecords(VALID_NPM.server)).toEqual([VALID_NPM.server]);
    expect(() => readOfficialRecords({ nothing: true })).toThrow(/expected a JSON array/);
  });

  it('filters on the official updatedAt, strictly after, keeping records without one', () => {
    expect(recordUpdatedAt(VALID_NPM)).toBe('2025-09-10T10:00:00.000000Z');
    expect(recordUpdatedAt(VALID_NPM.server)).toBeNull();
    const kept = filterUpdatedSince([VALID_NPM, EMPTY_REPOSITORY, VALID_NPM.server], '2025-09-10T10:00:00Z');
    expect(kept).toEqual([VALID_NPM.server]);
    expect(filterUpdatedSince([VALID_NPM, EMPTY_REPOSITORY], '2025-09-09T00:00:00Z')).toEqual([
      VALID_NPM,
      EMPTY_REPOSITORY,
    ]);
  });
});
