import { join, resolve } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { createApp, type RegistrySettings } from '../api/index.js';
import { type BootstrapResult, bootstrapAdmin } from '../bootstrap/index.js';
import { RegistryError } from '../errors/index.js';
import type { MigrationReport } from '../migrate/index.js';
import { openSqliteStore } from '../sqlite/index.js';
import type { RegistryStore } from '../store/index.js';

export interface ServeOptions {
  host: string;
  port: number;
  dataDir: string;
  adminToken?: string | undefined;
  settings?: Partial<RegistrySettings>;
}

export interface RunningRegistry {
  url: string;
  port: number;
  dbPath: string;
  store: RegistryStore;
  bootstrap: BootstrapResult;
  migrations: MigrationReport;
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
  const app = createApp({ store, settings: options.settings ?? {} });
  const server = await new Promise<ServerType>((resolvePromise, reject) => {
    const s = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, () =>
      resolvePromise(s),
    );
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
  return {
    url: `http://${host}:${port}`,
    port,
    dbPath,
    store,
    bootstrap,
    migrations,
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      await store.close();
    },
  };
}
