import { describe, expect, it } from 'vitest';
import { makeRelease, path } from '../helpers/registry-client.js';
import type { ContractContext } from './registry-contract.js';

export function defineFlowsContract(ctx: ContractContext): void {
  describe('publish, review, query', () => {
    it('answers health', async () => {
      const r = await ctx.api.get('/health');
      expect(r.status).toBe(200);
      expect(r.body.status).toBe('ok');
    });

    it('publishes, refuses the same version again, approves, and serves latest by semver', async () => {
      const { api, admin } = ctx;
      const pub = await api.createToken(admin, {
        role: 'publisher',
        namespaces: ['io.github.flow/*'],
        subject: 'alice',
      });
      const rev = await api.createToken(admin, { role: 'reviewer', subject: 'bob' });
      const name = 'io.github.flow/weather';
      for (const v of ['1.2.0', '1.10.0', '1.9.0', '2.0.0-rc.1']) {
        const r = await api.post('/v1/releases', makeRelease(name, v), pub.token);
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        expect(r.body).toMatchObject({ name, version: v, status: 'submitted', publishedBy: pub.id });
        expect(r.body.releaseDigest).toMatch(/^sha256:[a-f0-9]{64}$/);
      }
      const again = await api.post('/v1/releases', makeRelease(name, '1.2.0'), pub.token);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('conflict');

      expect((await api.get(path(name, 'releases', 'latest'))).status).toBe(404);
      for (const v of ['1.2.0', '1.10.0', '1.9.0', '2.0.0-rc.1']) {
        const r = await api.post(
          path(name, 'releases', v, 'status'),
          { status: 'approved', reason: 'ok' },
          rev.token,
        );
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        expect(r.body.status).toBe('approved');
        expect(r.body.statusChangedBy).toBe(rev.id);
      }
      // 2.0.0-rc.1 > 1.10.0 by semver precedence; a string sort would pick 1.9.0
      expect((await api.get(path(name, 'releases', 'latest'))).body.version).toBe('2.0.0-rc.1');
      await api.post(
        path(name, 'releases', '2.0.0-rc.1', 'status'),
        { status: 'revoked', reason: 'bad' },
        rev.token,
      );
      expect((await api.get(path(name, 'releases', 'latest'))).body.version).toBe('1.10.0');

      const list = await api.get(path(name, 'releases'));
      expect(list.body.releases.map((r: { version: string }) => r.version)).toEqual([
        '2.0.0-rc.1',
        '1.10.0',
        '1.9.0',
        '1.2.0',
      ]);
      const server = await api.get(path(name));
      expect(server.body).toMatchObject({
        name,
        latestApproved: '1.10.0',
        latestVersion: '2.0.0-rc.1',
        releaseCount: 4,
        statuses: { approved: 3, revoked: 1 },
      });
      const history = await api.get(path(name, 'releases', '2.0.0-rc.1', 'history'));
      expect(history.body.events.map((e: { toStatus: string }) => e.toStatus)).toEqual([
        'submitted',
        'approved',
        'revoked',
      ]);
    });

    it('enforces the status machine and separation of duties', async () => {
      const { api, admin } = ctx;
      const pub = await api.createToken(admin, {
        role: 'publisher',
        namespaces: ['io.github.sod/*'],
        subject: 'carol',
      });
      const sameSubject = await api.createToken(admin, { role: 'reviewer', subject: 'carol' });
      const rev = await api.createToken(admin, { role: 'reviewer', subject: 'dave' });
      const name = 'io.github.sod/tool';
      await api.post('/v1/releases', makeRelease(name, '1.0.0'), pub.token);
      await api.post('/v1/releases', makeRelease(name, '1.1.0'), pub.token);

      const self = await api.post(
        path(name, 'releases', '1.0.0', 'status'),
        { status: 'approved' },
        sameSubject.token,
      );
      expect(self.status).toBe(403);
      expect(self.body.code).toBe('separation_of_duties');

      const bad = await api.post(
        path(name, 'releases', '1.0.0', 'status'),
        { status: 'deprecated' },
        rev.token,
      );
      expect(bad.status).toBe(409);
      expect(bad.body).toMatchObject({
        code: 'invalid_transition',
        details: { from: 'submitted', to: 'deprecated' },
      });

      expect(
        (await api.post(path(name, 'releases', '1.0.0', 'status'), { status: 'approved' }, rev.token)).status,
      ).toBe(200);
      expect(
        (await api.post(path(name, 'releases', '1.0.0', 'status'), { status: 'deprecated' }, rev.token))
          .status,
      ).toBe(200);
      expect(
        (await api.post(path(name, 'releases', '1.0.0', 'status'), { status: 'revoked' }, rev.token)).status,
      ).toBe(200);
      const final = await api.post(
        path(name, 'releases', '1.0.0', 'status'),
        { status: 'approved' },
        rev.token,
      );
      expect(final.body.code).toBe('invalid_transition');

      expect(
        (await api.post(path(name, 'releases', '1.1.0', 'status'), { status: 'rejected' }, rev.token)).status,
      ).toBe(200);
      const afterReject = await api.post(
        path(name, 'releases', '1.1.0', 'status'),
        { status: 'approved' },
        rev.token,
      );
      expect(afterReject.body.code).toBe('invalid_transition');
    });

    it('pages servers in a stable order with cursor, search and updated_since', async () => {
      const { api, admin } = ctx;
      const pub = await api.createToken(admin, { role: 'publisher', namespaces: ['io.github.page/*'] });
      const names = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf_x'].map(
        (n) => `io.github.page/${n}`,
      );
      for (const n of [...names].reverse())
        await api.post('/v1/releases', makeRelease(n, '0.1.0'), pub.token);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const q: string = `/v1/servers?search=io.github.page&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const r = await api.get(q);
        expect(r.status).toBe(200);
        expect(r.body.servers.length).toBeLessThanOrEqual(3);
        seen.push(...r.body.servers.map((s: { name: string }) => s.name));
        cursor = r.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(names);
      // "_" is literal in search, not a LIKE wildcard
      expect(
        (await api.get('/v1/servers?search=golf_x')).body.servers.map((s: { name: string }) => s.name),
      ).toEqual(['io.github.page/golf_x']);
      expect((await api.get('/v1/servers?search=golf%25x')).body.servers).toEqual([]);
      const future = new Date(Date.now() + 3600_000).toISOString();
      expect((await api.get(`/v1/servers?updated_since=${future}`)).body.servers).toEqual([]);
      const past = new Date(Date.now() - 3600_000).toISOString();
      expect(
        (await api.get(`/v1/servers?search=io.github.page&updated_since=${past}`)).body.servers,
      ).toHaveLength(7);
    });

    it('keeps every assessment and carries the latest on the release', async () => {
      const { api, admin } = ctx;
      const pub = await api.createToken(admin, { role: 'publisher', namespaces: ['io.github.assess/*'] });
      const assessor = await api.createToken(admin, { role: 'assessor', subject: 'scanner' });
      const name = 'io.github.assess/srv';
      await api.post('/v1/releases', makeRelease(name, '1.0.0'), pub.token);
      const base = {
        assessor: { id: 'scanner', kind: 'tool' },
        method: 'automated',
        tool: { name: 'mcpvet', version: '0.1.0' },
        findings: [],
      };
      const first = await api.post(
        path(name, 'releases', '1.0.0', 'assessments'),
        { ...base, date: '2026-01-01T00:00:00Z', risk: 'low', verdict: 'approve' },
        assessor.token,
      );
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      const second = await api.post(
        path(name, 'releases', '1.0.0', 'assessments'),
        {
          ...base,
          date: '2026-02-01T00:00:00Z',
          risk: 'high',
          verdict: 'review',
          findings: [
            {
              ruleId: 'poison.hidden-unicode',
              severity: 'high',
              category: 'poisoning',
              title: 'Hidden text',
            },
          ],
        },
        assessor.token,
      );
      expect(second.status).toBe(201);
      const dup = await api.post(
        path(name, 'releases', '1.0.0', 'assessments'),
        { ...base, date: '2026-01-01T00:00:00Z', risk: 'low', verdict: 'approve' },
        assessor.token,
      );
      expect(dup.status).toBe(409);
      const release = await api.get(path(name, 'releases', '1.0.0'));
      expect(release.body.assessment).toMatchObject({
        digest: second.body.digest,
        risk: 'high',
        verdict: 'review',
        count: 2,
      });
      const list = await api.get(path(name, 'releases', '1.0.0', 'assessments'));
      expect(list.body.assessments.map((a: { digest: string }) => a.digest)).toEqual([
        first.body.digest,
        second.body.digest,
      ]);
    });

    it('finds releases by package identifier', async () => {
      const { api, admin } = ctx;
      const pub = await api.createToken(admin, { role: 'publisher', namespaces: ['io.github.pkg/*'] });
      await api.post('/v1/releases', makeRelease('io.github.pkg/finder', '3.0.0'), pub.token);
      const r = await api.get(`/v1/packages/npm/${encodeURIComponent('@pkg/finder')}`);
      expect(r.status).toBe(200);
      expect(r.body.releases.map((x: { name: string; version: string }) => `${x.name}@${x.version}`)).toEqual(
        ['io.github.pkg/finder@3.0.0'],
      );
    });

    it('signs and logs every event: attestation, snapshot and checkpoint agree', async () => {
      const { api, admin } = ctx;
      const pub = await api.createToken(admin, { role: 'publisher', namespaces: ['io.github.signs/*'] });
      const rev = await api.createToken(admin, { role: 'reviewer', subject: 'signs-reviewer' });
      const name = 'io.github.signs/srv';
      const published = await api.post('/v1/releases', makeRelease(name, '1.0.0'), pub.token);
      const approved = await api.post(
        path(name, 'releases', '1.0.0', 'status'),
        { status: 'approved' },
        rev.token,
      );
      expect(approved.body.logIndex).toBe(published.body.logIndex + 1);
      const bundle = await api.get(path(name, 'releases', '1.0.0', 'attestation'));
      expect(bundle.status).toBe(200);
      expect(bundle.body.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
      expect(bundle.headers.get('x-mcpvet-log-index')).toBe(String(approved.body.logIndex));
      expect(bundle.headers.get('x-mcpvet-attestation-digest')).toBe(approved.body.attestationDigest);
      const snapshot = await api.get('/v1/snapshot');
      const listed = snapshot.body.signed.releases.find((r: { name: string }) => r.name === name);
      expect(listed).toMatchObject({
        status: 'approved',
        attestationDigest: approved.body.attestationDigest,
      });
      const checkpoint = await api.get('/v1/log/checkpoint');
      expect(Number((checkpoint.body as string).split('\n')[1])).toBeGreaterThan(approved.body.logIndex);
      const entry = await api.get(
        `/v1/log/entries?start=${approved.body.logIndex}&end=${approved.body.logIndex + 1}`,
      );
      expect(JSON.parse(entry.body.entries[0])).toMatchObject({
        type: 'status_changed',
        to: 'approved',
        attestationDigest: approved.body.attestationDigest,
      });
      expect((await api.get('/v1/trust/root')).body.signed._type).toBe('mcpvet/root');
    });

    it('lists and revokes tokens without ever returning secrets or hashes', async () => {
      const { api, admin } = ctx;
      const t = await api.createToken(admin, { role: 'reader', subject: 'erin' });
      const list = await api.get('/v1/tokens', admin);
      const text = JSON.stringify(list.body);
      expect(text).not.toContain(t.token);
      expect(text).not.toContain('"hash"');
      expect(list.body.tokens.some((x: { id: string }) => x.id === t.id)).toBe(true);
      expect(t.token).toMatch(/^mvt_[a-f0-9]{16}_[A-Za-z0-9_-]{43}$/);
      const revoked = await api.delete(`/v1/tokens/${t.id}`, admin);
      expect(revoked.status).toBe(200);
      expect(revoked.body.revokedAt).toEqual(expect.any(String));
      expect((await api.get('/v1/tokens', t.token)).status).toBe(401);
      expect((await api.delete('/v1/tokens/ffffffffffffffff', admin)).status).toBe(404);
    });
  });
}
