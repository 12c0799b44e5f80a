import { Hono } from 'hono';
import { RegistryError } from '../errors/index.js';
import {
  assertAssessment,
  assertExactVersion,
  assertRelease,
  parseServerName,
  type ReleaseStatus,
  toDigest,
} from '../records/index.js';
import type { StoredRelease } from '../store/index.js';
import { type ReleaseEvent, sealReleaseEvent, toSubmittedRecord } from '../trust/index.js';
import { type AppEnv, nowIso, parseLimit, readJsonBody, requirePermission, toAudit } from './context.js';
import { loadRelease, readName } from './params.js';
import { canTransition, sortNewestFirst, toReleaseRecord, toServerSummary } from './records.js';

const STATUSES: readonly ReleaseStatus[] = ['submitted', 'approved', 'rejected', 'deprecated', 'revoked'];

/** The seal that signs and logs an event, when the registry has keys; none on an unsigned registry. */
function toSeal(c: Parameters<typeof toAudit>[0], event: ReleaseEvent) {
  const trust = c.get('deps').trust;
  return trust ? sealReleaseEvent(trust, event) : undefined;
}

export const releaseRoutes = new Hono<AppEnv>()
  .post('/v1/releases', async (c) => {
    const body = await readJsonBody(c);
    const claimedName =
      typeof body === 'object' && body !== null && typeof (body as { name?: unknown }).name === 'string'
        ? (body as { name: string }).name
        : undefined;
    const principal = await requirePermission(c, 'release.publish', claimedName ?? null, claimedName);
    const { store } = c.get('deps');
    let document: ReturnType<typeof assertRelease>;
    try {
      document = assertRelease(body);
      parseServerName(document.name);
    } catch (error) {
      if (error instanceof RegistryError) {
        await store.appendAudit(toAudit(c, 'release.publish', claimedName ?? null, 'failed', error.code));
      }
      throw error;
    }
    const target = `${document.name}@${document.version}`;
    const at = nowIso(c);
    const releaseDigest = await toDigest(document);
    const publishedBy = principal?.tokenId ?? 'anonymous';
    try {
      const stored = await store.createRelease(
        {
          document,
          releaseDigest,
          publishedAt: at,
          publishedBy,
          publisherSubject: principal?.subject ?? 'anonymous',
        },
        toAudit(c, 'release.publish', target, 'allowed'),
        toSeal(c, {
          type: 'release_submitted',
          actor: principal?.subject ?? 'anonymous',
          time: at,
          record: toSubmittedRecord(document, releaseDigest, at, publishedBy),
        }),
      );
      return c.json(toReleaseRecord(stored), 201);
    } catch (error) {
      if (error instanceof RegistryError && error.code === 'conflict') {
        if (!(await store.getRelease(document.name, document.version))) {
          // the conflict was the log's next index, lost to other writers more times than retried
          throw new RegistryError('unavailable', 'the registry is busy; retry the publish', { cause: error });
        }
        await store.appendAudit(toAudit(c, 'release.publish', target, 'failed', 'conflict'));
        throw new RegistryError('conflict', `${target} already exists; published versions are immutable`);
      }
      throw error;
    }
  })
  .get('/v1/servers', async (c) => {
    await requirePermission(c, 'registry.read', null);
    const { store } = c.get('deps');
    const q = c.req.query();
    const limit = parseLimit(q.limit, 30, 100);
    const updatedSince = q.updated_since;
    if (updatedSince !== undefined && Number.isNaN(Date.parse(updatedSince))) {
      throw new RegistryError('bad_request', 'updated_since must be an RFC 3339 timestamp');
    }
    if (q.cursor !== undefined && q.cursor.length > 256)
      throw new RegistryError('bad_request', 'cursor is invalid');
    if (q.search !== undefined && q.search.length > 256)
      throw new RegistryError('bad_request', 'search is too long');
    const page = await store.listServers({
      limit,
      search: q.search,
      cursor: q.cursor,
      updatedSince: updatedSince === undefined ? undefined : new Date(updatedSince).toISOString(),
    });
    const states = await store.listReleaseStates(page.items.map((s) => s.name));
    const servers = page.items.map((s) =>
      toServerSummary(
        s,
        states.filter((r) => r.name === s.name),
      ),
    );
    return c.json({ servers, nextCursor: page.nextCursor });
  })
  .get('/v1/servers/:name', async (c) => {
    const name = readName(c.req.param('name'));
    await requirePermission(c, 'registry.read', name);
    const { store } = c.get('deps');
    const server = await store.getServer(name);
    if (!server) throw new RegistryError('not_found', `${name} is not in the registry`);
    return c.json(toServerSummary(server, await store.listReleaseStates([name])));
  })
  .get('/v1/servers/:name/releases', async (c) => {
    const name = readName(c.req.param('name'));
    await requirePermission(c, 'registry.read', name);
    const { store } = c.get('deps');
    const releases = await store.listReleases(name);
    if (releases.length === 0) throw new RegistryError('not_found', `${name} is not in the registry`);
    return c.json({ releases: sortNewestFirst(releases).map(toReleaseRecord) });
  })
  .get('/v1/servers/:name/releases/:version', async (c) => {
    const name = readName(c.req.param('name'));
    await requirePermission(c, 'registry.read', name);
    return c.json(toReleaseRecord(await loadRelease(c, name, c.req.param('version'))));
  })
  .get('/v1/servers/:name/releases/:version/history', async (c) => {
    const name = readName(c.req.param('name'));
    await requirePermission(c, 'registry.read', name);
    const release = await loadRelease(c, name, c.req.param('version'));
    const events = await c.get('deps').store.listStatusEvents(release.name, release.version);
    return c.json({ events });
  })
  .post('/v1/servers/:name/releases/:version/status', async (c) => {
    const name = readName(c.req.param('name'));
    const version = assertExactVersion(c.req.param('version'));
    const target = `${name}@${version}`;
    const principal = await requirePermission(c, 'release.status', target);
    const body = (await readJsonBody(c)) as { status?: unknown; reason?: unknown } | null;
    const { store } = c.get('deps');
    const fail = async (error: RegistryError): Promise<never> => {
      await store.appendAudit(
        toAudit(c, 'release.status', target, 'failed', error.code, { reason: error.message }),
      );
      throw error;
    };
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return fail(new RegistryError('bad_request', 'the body must be {"status": …, "reason": …}'));
    }
    const to = body.status;
    const issues = [];
    if (typeof to !== 'string' || !STATUSES.includes(to as ReleaseStatus)) {
      issues.push({ path: '/status', rule: 'status.enum', message: `must be one of ${STATUSES.join(', ')}` });
    }
    if (body.reason !== undefined && (typeof body.reason !== 'string' || body.reason.length > 2048)) {
      issues.push({
        path: '/reason',
        rule: 'status.reason',
        message: 'must be a string of at most 2048 characters',
      });
    }
    const extra = Object.keys(body).filter((k) => k !== 'status' && k !== 'reason');
    for (const k of extra)
      issues.push({ path: `/${k}`, rule: 'status.additionalProperties', message: 'is not allowed' });
    if (issues.length > 0) {
      return fail(
        new RegistryError('invalid_record', 'the status change is invalid', { details: { issues } }),
      );
    }
    const release = await store.getRelease(name, version);
    if (!release) return fail(new RegistryError('not_found', `${target} is not in the registry`));
    const next = to as ReleaseStatus;
    if (!canTransition(release.status, next)) {
      return fail(
        new RegistryError('invalid_transition', `${target} is ${release.status}; it cannot become ${next}`, {
          details: { from: release.status, to: next },
        }),
      );
    }
    if (next === 'approved' && principal && principal.subject === release.publisherSubject) {
      return fail(
        new RegistryError(
          'separation_of_duties',
          'a release cannot be approved by the subject who published it',
        ),
      );
    }
    const reason = typeof body.reason === 'string' ? body.reason : null;
    const at = nowIso(c);
    const actor = principal?.tokenId ?? 'anonymous';
    const before = toReleaseRecord(release);
    const { statusReason: _previousReason, ...rest } = before;
    const changed = await store.changeStatus(
      {
        name,
        version,
        expectUpdatedAt: release.updatedAt,
        from: release.status,
        to: next,
        reason,
        actor,
        at,
      },
      toAudit(c, 'release.status', target, 'allowed', null, { from: release.status, to: next, reason }),
      toSeal(c, {
        type: 'status_changed',
        actor: principal?.subject ?? 'anonymous',
        time: at,
        from: release.status,
        reason,
        record: {
          ...rest,
          ...(reason !== null ? { statusReason: reason } : {}),
          status: next,
          statusChangedAt: at,
          statusChangedBy: actor,
          updatedAt: at,
        },
      }),
    );
    if (!changed) {
      return fail(new RegistryError('conflict', `${target} changed status concurrently; read it and retry`));
    }
    return c.json(toReleaseRecord((await store.getRelease(name, version)) as StoredRelease));
  })
  .post('/v1/servers/:name/releases/:version/assessments', async (c) => {
    const name = readName(c.req.param('name'));
    const version = assertExactVersion(c.req.param('version'));
    const target = `${name}@${version}`;
    const principal = await requirePermission(c, 'assessment.submit', target);
    const body = await readJsonBody(c);
    const { store } = c.get('deps');
    let assessment: ReturnType<typeof assertAssessment>;
    try {
      assessment = assertAssessment(body);
      if (!(await store.getRelease(name, version))) {
        throw new RegistryError('not_found', `${target} is not in the registry`);
      }
    } catch (error) {
      if (error instanceof RegistryError) {
        await store.appendAudit(toAudit(c, 'assessment.submit', target, 'failed', error.code));
      }
      throw error;
    }
    const digest = await toDigest(assessment);
    const release = (await store.getRelease(name, version)) as StoredRelease;
    const at = nowIso(c);
    const before = toReleaseRecord(release);
    try {
      const stored = await store.addAssessment(
        {
          name,
          version,
          expectUpdatedAt: release.updatedAt,
          digest,
          assessment,
          submittedBy: principal?.tokenId ?? 'anonymous',
          submittedAt: at,
        },
        toAudit(c, 'assessment.submit', target, 'allowed', null, { digest, risk: assessment.risk }),
        toSeal(c, {
          type: 'assessment_added',
          actor: principal?.subject ?? 'anonymous',
          time: at,
          assessmentDigest: digest,
          record: {
            ...before,
            updatedAt: at,
            assessment: {
              digest,
              risk: assessment.risk,
              verdict: assessment.verdict,
              date: assessment.date,
              assessor: assessment.assessor.id,
              count: (before.assessment?.count ?? 0) + 1,
            },
          },
        }),
      );
      return c.json({ digest: stored.digest, assessment: stored.assessment }, 201);
    } catch (error) {
      if (error instanceof RegistryError && error.code === 'conflict') {
        await store.appendAudit(toAudit(c, 'assessment.submit', target, 'failed', 'conflict'));
        const duplicate = (await store.listAssessments(name, version)).some((a) => a.digest === digest);
        throw new RegistryError(
          'conflict',
          duplicate
            ? `this assessment (${digest}) is already recorded for ${target}`
            : `${target} changed while the assessment was being recorded; retry`,
        );
      }
      throw error;
    }
  })
  .get('/v1/servers/:name/releases/:version/assessments', async (c) => {
    const name = readName(c.req.param('name'));
    await requirePermission(c, 'registry.read', name);
    const release = await loadRelease(c, name, c.req.param('version'));
    const rows = await c.get('deps').store.listAssessments(release.name, release.version);
    return c.json({
      assessments: rows.map((r) => ({
        digest: r.digest,
        assessment: r.assessment,
        submittedBy: r.submittedBy,
        submittedAt: r.submittedAt,
      })),
    });
  })
  .get('/v1/packages/:registryType/:identifier', async (c) => {
    await requirePermission(c, 'registry.read', null);
    const registryType = c.req.param('registryType');
    const identifier = c.req.param('identifier');
    if (identifier.length > 2048 || registryType.length > 16)
      throw new RegistryError('bad_request', 'bad package');
    const { store } = c.get('deps');
    const releases = await store.findReleasesByPackage({ registryType, identifier });
    return c.json({ releases: sortNewestFirst(releases).map(toReleaseRecord) });
  });
