import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { authenticate } from '../auth/index.js';
import { createCatalogRoutes } from '../catalog/index.js';
import { isRegistryError, RegistryError } from '../errors/index.js';
import { logRoutes } from '../log/index.js';
import { officialRoutes } from '../official/index.js';
import { SnapshotCache } from '../trust/index.js';
import { type AppEnv, type RegistryDeps, type RegistrySettings, requirePermission } from './context.js';
import { releaseRoutes } from './releases.js';
import { tokenRoutes } from './tokens.js';
import { trustRoutes } from './trust.js';

export const DEFAULT_SETTINGS: RegistrySettings = {
  publicReads: true,
  maxBodyBytes: 1024 * 1024,
  version: '0.1.0',
};

/** The registry's HTTP API: Web Request in, Web Response out, the same on Node and Workers. */
export function createApp(deps: RegistryDeps): Hono<AppEnv> {
  const settings: RegistrySettings = { ...DEFAULT_SETTINGS, ...deps.settings };
  const resolved = {
    store: deps.store,
    now: deps.now ?? (() => new Date()),
    settings,
    trust: deps.trust,
    snapshots: deps.snapshots ?? new SnapshotCache(),
  };
  const trust = deps.trust;
  const logDeps =
    deps.log ??
    (trust ? { log: deps.store.log, origin: trust.log.origin, signers: trust.log.signers } : undefined);
  const app = new Hono<AppEnv>();

  app.use('*', requestId({ headerName: 'X-Request-Id' }));
  app.use('*', async (c, next) => {
    c.set('deps', resolved);
    c.set('auth', await authenticate(c.req.header('authorization'), resolved.store, resolved.now()));
    await next();
  });
  app.use(
    '*',
    bodyLimit({
      maxSize: settings.maxBodyBytes,
      onError: () => {
        throw new RegistryError('payload_too_large', `the body exceeds ${settings.maxBodyBytes} bytes`);
      },
    }),
  );

  app.get('/health', (c) => c.json({ status: 'ok', version: settings.version }));
  app.route('/', releaseRoutes);
  app.route('/', tokenRoutes);
  app.route('/', officialRoutes);
  app.route('/', trustRoutes);
  app.route('/', createCatalogRoutes({ log: logDeps }));
  const log = logDeps;
  if (log) {
    app.route(
      '/',
      logRoutes<AppEnv>({
        resolve: () => log,
        authorize: (c) => requirePermission(c, 'registry.read', 'log'),
      }),
    );
  }

  app.notFound((c) =>
    c.json({ code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` }, 404),
  );
  app.onError((error, c) => {
    if (isRegistryError(error)) {
      const body: Record<string, unknown> = { code: error.code, message: error.message };
      if (error.details !== undefined) body.details = error.details;
      if (error.code === 'internal') body.details = { requestId: c.get('requestId') };
      if (error.code === 'internal' || error.code === 'unavailable') console.error(error.cause ?? error);
      return c.json(body, error.status as 400);
    }
    // Anything else is a bug: log it, tell the client only that it happened and which request it was.
    console.error(error);
    return c.json(
      { code: 'internal', message: 'internal error', details: { requestId: c.get('requestId') } },
      500,
    );
  });
  return app;
}
