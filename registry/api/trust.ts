import { Hono } from 'hono';
import { RegistryError } from '../errors/index.js';
import type { RegistryTrust } from '../trust/index.js';
import { type AppContext, type AppEnv, requirePermission } from './context.js';
import { loadRelease, readName } from './params.js';

function requireTrust(c: AppContext): RegistryTrust {
  const trust = c.get('deps').trust;
  if (!trust)
    throw new RegistryError(
      'unavailable',
      'this registry was started without signing keys; it signs nothing',
    );
  return trust;
}

async function readRelease(c: AppContext): Promise<{ name: string; version: string }> {
  const name = readName(c.req.param('name') ?? '');
  await requirePermission(c, 'registry.read', name);
  return loadRelease(c, name, c.req.param('version') ?? '');
}

export const trustRoutes = new Hono<AppEnv>()
  .get('/v1/servers/:name/releases/:version/attestation', async (c) => {
    requireTrust(c);
    const { name, version } = await readRelease(c);
    const latest = await c.get('deps').store.getLatestAttestation(name, version);
    if (!latest) throw new RegistryError('not_found', `${name}@${version} has no attestation`);
    c.header('x-mcpvet-log-index', String(latest.logIndex));
    c.header('x-mcpvet-attestation-digest', latest.digest);
    return c.json(latest.bundle as object);
  })
  .get('/v1/servers/:name/releases/:version/attestations', async (c) => {
    requireTrust(c);
    const { name, version } = await readRelease(c);
    const rows = await c.get('deps').store.listAttestations(name, version);
    return c.json({
      attestations: rows.map((r) => ({
        logIndex: r.logIndex,
        digest: r.digest,
        status: r.status,
        createdAt: r.createdAt,
        bundle: r.bundle,
      })),
    });
  })
  .get('/v1/trust/root', async (c) => {
    const trust = requireTrust(c);
    await requirePermission(c, 'registry.read', 'trust');
    return c.json(trust.roots.at(-1) as object);
  })
  .get('/v1/trust/roots/:version', async (c) => {
    const trust = requireTrust(c);
    await requirePermission(c, 'registry.read', 'trust');
    const raw = c.req.param('version');
    if (!/^[1-9][0-9]{0,8}$/.test(raw))
      throw new RegistryError('bad_request', 'root version must be a positive integer');
    const root = trust.roots.find((r) => r.signed.version === Number(raw));
    if (!root) throw new RegistryError('not_found', `no root version ${raw}`);
    return c.json(root);
  })
  .get('/v1/snapshot', (c) => serveSnapshot(c))
  .get('/v1/trust/snapshot', (c) => serveSnapshot(c));

async function serveSnapshot(c: AppContext): Promise<Response> {
  const trust = requireTrust(c);
  await requirePermission(c, 'registry.read', 'snapshot');
  const { store, now, snapshots } = c.get('deps');
  return c.json(await snapshots.get(store, trust, now()));
}
