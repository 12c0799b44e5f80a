import { join, resolve } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { createApp, type RegistrySettings } from '../api/index.js';
import { type BootstrapResult, bootstrapAdmin } from '../bootstrap/index.js';
import { RegistryError } from '../errors/index.js';
import type { MigrationReport } from '../migrate/index.js';
import { openSqliteStore } from '../sqlite/index.js';
import type { RegistryStore } from '../store/index.js';
import { loadOrCreateTrust, type TrustFiles } from './keys.js';

export interface ServeOptions {
  host: string;
  port: number;
  dataDir: string;
  adminToken?: string | undefined;
  /** The registry's public origin (MCPVET_PUBLIC_URL); default: the address it listens on at first start. */
  publicUrl?: string | undefined;
  /** PKCS#8 PEM of the online signing key (MCPVET_SIGNING_KEY); default: generated into the data dir. */
  signingKeyPem?: string | undefined;
  settings?: Partial<RegistrySettings>;
}

export interface RunningRegistry {
  url: string;
  port: number;
  dbPath: string;
  store: RegistryStore;
  bootstrap: BootstrapResult;
  migrations: MigrationReport;
  trust: TrustFiles;
  close(): Promise<void>;
}

/** Starts the registry on Node with the embedded SQLite store: migrate, bootstrap, listen. */
export async function startRegistry(options: ServeOptions): Promise<RunningRegistry> {
  const dbPath = join(resolve(options.dataDir), 'registry.db');
  const { store, migrations } = await openSqliteStore(dbPath);
  let bootstrap: BootstrapResult;
  try {
    bootstrap = await bootstrapAdmin(store, { envToken: options.adminToken });
  } catch (error) {
    await store.close();
    throw error;
  }
  // The app needs the trust, whose origin may need the bound port (first start on port 0): listen first,
  // answer 503 until the app is ready.
  let app: ReturnType<typeof createApp> | undefined;
  const fetch = (request: Request) =>
    app
      ? app.fetch(request)
      : Response.json({ code: 'unavailable', message: 'the registry is starting' }, { status: 503 });
  const server = await new Promise<ServerType>((resolvePromise, reject) => {
    const s = serve({ fetch, hostname: options.host, port: options.port }, () => resolvePromise(s));
    s.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new RegistryError(
          'unavailable',
          error.code === 'EADDRINUSE'
            ? `${options.host}:${options.port} is already in use`
            : `cannot listen on ${options.host}:${options.port}: ${error.message}`,
          { cause: error },
        ),
      );
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  let trust: TrustFiles;
  try {
    trust = await loadOrCreateTrust(resolve(options.dataDir), {
      registry: options.publicUrl ?? `http://${host}:${port}`,
      explicitRegistry: options.publicUrl !== undefined,
      signingKeyPem: options.signingKeyPem,
    });
  } catch (error) {
    await new Promise<void>((r) => server.close(() => r()));
    await store.close();
    throw error;
  }
  app = createApp({ store, trust: trust.trust, settings: options.settings ?? {} });
  return {
    trust,
    url: `http://${host}:${port}`,
    port,
    dbPath,
    store,
    bootstrap,
    migrations,
    async close() {
      await new Promise<void>((r) => {
        server.close(() => r());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await store.close();
    },
  };
}
