import { createApp } from '../api/index.js';
import { BOOKMARK_HEADER, openD1Session } from '../d1/index.js';
import { isRegistryError } from '../errors/index.js';
import { SqlRegistryStore } from '../store/index.js';
import { SnapshotCache } from '../trust/index.js';
import { ensureBootstrapped } from './bootstrap.js';
import { toSettings, type WorkerEnv } from './env.js';
import { loadTrust } from './signing.js';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
// Shared by the requests of one isolate: a snapshot is re-signed only when the log grew or it ages.
const snapshots = new SnapshotCache();

function toErrorResponse(error: unknown): Response {
  if (isRegistryError(error)) {
    if (error.code === 'internal' || error.code === 'unavailable') console.error(error.cause ?? error);
    return Response.json({ code: error.code, message: error.message }, { status: error.status });
  }
  console.error(error);
  return Response.json({ code: 'internal', message: 'internal error' }, { status: 500 });
}

/**
 * One request on Workers: a D1 session (bookmark in, bookmark out), a store over it, and the same Hono app
 * the Node server runs. The app is built per request because its store is bound to this request's session;
 * building it costs route registration only.
 */
export async function handleRequest(request: Request, env: WorkerEnv): Promise<Response> {
  let session: ReturnType<typeof openD1Session>;
  let trust: Awaited<ReturnType<typeof loadTrust>>;
  try {
    await ensureBootstrapped(env);
    trust = await loadTrust(env);
    session = openD1Session(env.DB, {
      bookmark: request.headers.get(BOOKMARK_HEADER),
      primary: !READS.has(request.method),
    });
  } catch (error) {
    return toErrorResponse(error);
  }
  const app = createApp({
    store: new SqlRegistryStore(session.driver),
    settings: toSettings(env),
    ...(trust ? { trust } : {}),
    snapshots,
  });
  const response = await app.fetch(request);
  const bookmark = session.bookmark();
  if (bookmark === null) return response;
  const out = new Response(response.body, response);
  out.headers.set(BOOKMARK_HEADER, bookmark);
  // Cross-origin readers (the public /v0.1 API allows any origin) may read the bookmark too.
  if (out.headers.has('access-control-allow-origin'))
    out.headers.append('access-control-expose-headers', BOOKMARK_HEADER);
  return out;
}
