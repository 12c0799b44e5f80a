import { startRegistry } from '../../../registry/node/index.js';
import { VerifierError } from '../../errors/index.js';
import { type Command, parseCommandArgs, writeLine } from '../command.js';

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d{1,5}$/.test(value) || port > 65535) throw new VerifierError('usage', `not a port: ${value}`);
  return port;
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the registry (SQLite in the data dir), printing a one-time admin token on first start',
  usage:
    'mcpvet serve [--host 127.0.0.1] [--port 8787] [--data-dir .mcpvet] [--private]\n' +
    '  env: MCPVET_HOST, MCPVET_PORT, MCPVET_DATA_DIR, MCPVET_ADMIN_TOKEN, MCPVET_PUBLIC_READS=false,\n' +
    '       MCPVET_PUBLIC_URL (the origin the trust root names), MCPVET_SIGNING_KEY (PKCS#8 PEM online key)',
  async run(argv, io) {
    const { values } = parseCommandArgs(this, argv, {
      host: { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      private: { type: 'boolean' },
    });
    const env = io.env;
    const registry = await startRegistry({
      host: values.host ?? env.MCPVET_HOST ?? '127.0.0.1',
      port: parsePort(values.port ?? env.MCPVET_PORT ?? '8787'),
      dataDir: values['data-dir'] ?? env.MCPVET_DATA_DIR ?? `${io.cwd}/.mcpvet`,
      adminToken: env.MCPVET_ADMIN_TOKEN,
      publicUrl: env.MCPVET_PUBLIC_URL || undefined,
      signingKeyPem: env.MCPVET_SIGNING_KEY || undefined,
      settings: { publicReads: !(values.private || env.MCPVET_PUBLIC_READS === 'false') },
    }).catch((error: unknown) => {
      throw new VerifierError('io_error', (error as Error).message, { cause: error });
    });
    const applied = registry.migrations.applied;
    writeLine(
      io.stderr,
      `mcpvet registry: database ${registry.dbPath}${applied.length ? ` (applied ${applied.join(', ')})` : ''}`,
    );
    if (registry.bootstrap.kind === 'issued') {
      writeLine(io.stdout, 'Bootstrap admin token (shown once, store it now):');
      writeLine(io.stdout, `  ${registry.bootstrap.token}`);
    } else if (registry.bootstrap.kind === 'from-env') {
      writeLine(
        io.stderr,
        `mcpvet registry: admin token from MCPVET_ADMIN_TOKEN (id ${registry.bootstrap.id})`,
      );
    }
    const created = registry.trust.created;
    if (created) {
      writeLine(
        io.stderr,
        `mcpvet registry: generated signing keys; root v1 for ${registry.trust.trust.registry} at ${created.rootPath}`,
      );
      writeLine(
        io.stderr,
        `mcpvet registry: the root key ${created.rootKeyPath} signs root rotations only: move it offline`,
      );
    }
    writeLine(io.stdout, `mcpvet registry listening on ${registry.url}`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void registry.close().then(resolve);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    return 0;
  },
};
