import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isVerifierError } from '../../verifier/errors/index.js';
import {
  checkExpiredExceptions,
  DEFAULT_POLICY,
  decideFinding,
  type EffectivePolicy,
  loadPolicy,
  parsePolicy,
  toExpiry,
} from '../../verifier/policy/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mcpvet-policy-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const now = new Date('2026-06-15T12:00:00Z');

function policy(extra: Partial<EffectivePolicy> = {}): EffectivePolicy {
  return { source: 'p.json', ...DEFAULT_POLICY, ...extra };
}

describe('policy files', () => {
  it('uses strict defaults when there is no policy file', async () => {
    expect(await loadPolicy(dir)).toEqual({
      source: null,
      registries: [],
      failOn: ['medium', 'high', 'critical'],
      requirePinning: true,
      clients: [],
      offlineMaxAgeHours: 24,
      requireSignatures: true,
      trustRoots: [],
      exceptions: [],
    });
  });

  it('reads mcpvet.policy.json with comments, filling in what it leaves out', async () => {
    await writeFile(
      join(dir, 'mcpvet.policy.json'),
      '{\n  // team policy\n  "registries": ["https://registry.example.com"],\n  "failOn": ["critical"],\n}\n',
    );
    const p = await loadPolicy(dir);
    expect(p).toMatchObject({
      source: join(dir, 'mcpvet.policy.json'),
      registries: ['https://registry.example.com'],
      failOn: ['critical'],
      requirePinning: true,
    });
  });

  it('rejects an invalid policy with every issue and a missing --policy file, as config errors', async () => {
    const error = (() => {
      try {
        parsePolicy(
          '{"failOn": ["severe"], "registries": ["ftp://x"], "exceptions": [{"server": "x"}], "extra": 1}',
          'p.json',
        );
      } catch (e) {
        return e;
      }
    })();
    expect(isVerifierError(error) && error.code).toBe('config_invalid');
    const issues = (error as { details: { issues: { path: string; message: string }[] } }).details.issues;
    expect(issues.map((i) => i.path).sort()).toEqual(
      ['/exceptions/0', '/exceptions/0', '/extra', '/failOn/0', '/registries/0'].sort(),
    );
    expect(issues.map((i) => i.message).join('\n')).toMatch(/"reason"[\s\S]*"expires"/);
    expect(() => parsePolicy('{ "failOn": [', 'p.json')).toThrow(/p\.json:1:\d+/);
    const missing = await loadPolicy(dir, 'nope.json').catch((e: unknown) => e);
    expect(isVerifierError(missing) && missing.code).toBe('file_not_found');
  });
});

describe('decideFinding', () => {
  const subject = {
    names: ['weather', 'io.github.acme/weather', '@acme/weather-mcp', 'npm:@acme/weather-mcp'],
    file: '/p/.cursor/mcp.json',
  };

  it('fails findings whose severity is in failOn', () => {
    expect(decideFinding({ code: 'unlisted', severity: 'high' }, subject, policy(), now, '/p')).toEqual({
      fails: true,
    });
    expect(
      decideFinding({ code: 'digest_unverified', severity: 'low' }, subject, policy(), now, '/p'),
    ).toEqual({ fails: false });
    expect(
      decideFinding(
        { code: 'unlisted', severity: 'high' },
        subject,
        policy({ failOn: ['critical'] }),
        now,
        '/p',
      ).fails,
    ).toBe(false);
  });

  it('applies a live exception by entry, registry or package name and only for its codes', () => {
    const exceptions = [
      {
        server: 'io.github.acme/weather',
        codes: ['deprecated'],
        reason: 'migrating in Q3',
        expires: '2026-06-15',
      },
    ];
    const p = policy({ exceptions });
    expect(decideFinding({ code: 'deprecated', severity: 'medium' }, subject, p, now, '/p')).toEqual({
      fails: false,
      exception: { reason: 'migrating in Q3', expires: '2026-06-15' },
    });
    expect(decideFinding({ code: 'revoked', severity: 'critical' }, subject, p, now, '/p').fails).toBe(true);
    const byPackage = policy({
      exceptions: [{ server: 'npm:@acme/weather-mcp', reason: 'r', expires: '2027-01-01' }],
    });
    expect(
      decideFinding({ code: 'revoked', severity: 'critical' }, subject, byPackage, now, '/p').fails,
    ).toBe(false);
    const byFile = policy({
      exceptions: [{ server: '.cursor/mcp.json', reason: 'r', expires: '2027-01-01' }],
    });
    expect(
      decideFinding(
        { code: 'config_malformed', severity: 'high' },
        { names: [], file: '/p/.cursor/mcp.json' },
        byFile,
        now,
        '/p',
      ).fails,
    ).toBe(false);
  });

  it('ignores an expired exception and reports it', () => {
    const exceptions = [{ server: 'weather', reason: 'temporary', expires: '2026-06-14' }];
    const p = policy({ exceptions });
    expect(decideFinding({ code: 'unlisted', severity: 'high' }, subject, p, now, '/p')).toEqual({
      fails: true,
    });
    expect(checkExpiredExceptions(p, now)).toEqual([
      expect.objectContaining({
        code: 'exception_expired',
        severity: 'low',
        evidence: expect.objectContaining({ server: 'weather' }),
      }),
    ]);
    expect(
      checkExpiredExceptions(
        policy({ exceptions: [{ server: 'x', reason: 'r', expires: '2026-06-15' }] }),
        now,
      ),
    ).toEqual([]);
  });

  it('treats a date as lasting through that UTC day', () => {
    expect(new Date(toExpiry('2026-06-15')).toISOString()).toBe('2026-06-16T00:00:00.000Z');
    expect(new Date(toExpiry('2026-06-15T10:00:00Z')).toISOString()).toBe('2026-06-15T10:00:00.000Z');
  });
});
