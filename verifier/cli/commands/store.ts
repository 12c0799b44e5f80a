import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isEmptyDump, verifyStoreDump } from '../../../registry/d1/index.js';
import { isRegistryError } from '../../../registry/errors/index.js';
import { openSqliteStore } from '../../../registry/sqlite/index.js';
import { VerifierError } from '../../errors/index.js';
import { type CliIO, type Command, parseCommandArgs, writeLine } from '../command.js';

async function readInput(file: string, io: CliIO): Promise<string> {
  if (file !== '-') {
    return readFile(resolve(io.cwd, file), 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new VerifierError(
        error.code === 'ENOENT' ? 'file_not_found' : 'io_error',
        `cannot read ${file}: ${error.message}`,
        { cause: error },
      );
    });
  }
  if (!io.stdin) throw new VerifierError('usage', 'store import: no standard input; give a file');
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Moves a registry between stores: export writes the SQLite store's rows as one JSON dump; import loads a
 * dump into an empty store. The D1 side of the same move is scripts/d1-store.ts (docs/deploy-workers.md).
 */
export const storeCommand: Command = {
  name: 'store',
  summary: 'export the registry store as a JSON dump, or import a dump into an empty store',
  usage:
    'mcpvet store export [--data-dir .mcpvet] [--out FILE]\n' +
    '       mcpvet store import [--data-dir .mcpvet] <dump.json | ->\n' +
    '  env: MCPVET_DATA_DIR',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(this, argv, {
      'data-dir': { type: 'string' },
      out: { type: 'string' },
    });
    const [action, file, ...rest] = positionals;
    const dataDir = resolve(io.cwd, values['data-dir'] ?? io.env.MCPVET_DATA_DIR ?? '.mcpvet');
    const dbPath = join(dataDir, 'registry.db');
    if (action === 'export' && file === undefined) {
      // Opening would create an empty database; exporting nothing from a mistyped path helps no one.
      if (!existsSync(dbPath)) throw new VerifierError('file_not_found', `no registry database at ${dbPath}`);
      const { store } = await openSqliteStore(dbPath);
      try {
        const text = `${JSON.stringify(await store.exportDump())}\n`;
        if (values.out) await writeFile(resolve(io.cwd, values.out), text, { mode: 0o600 });
        else io.stdout.write(text);
      } finally {
        await store.close();
      }
      return 0;
    }
    if (action === 'import' && file !== undefined && rest.length === 0 && values.out === undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await readInput(file, io));
      } catch (error) {
        if (error instanceof VerifierError) throw error;
        throw new VerifierError('config_invalid', `${file} is not JSON: ${(error as Error).message}`, {
          cause: error,
        });
      }
      const { store } = await openSqliteStore(dbPath);
      try {
        const dump = await verifyStoreDump(parsed);
        if (!isEmptyDump(await store.exportDump())) {
          throw new VerifierError(
            'usage',
            `the store in ${dataDir} already holds data; import needs an empty store`,
          );
        }
        await store.importDump(dump);
        writeLine(
          io.stderr,
          `imported ${dump.servers.length} servers, ${dump.releases.length} releases, ${dump.tokens.length} tokens, ${dump.audit.length} audit entries into ${dbPath}`,
        );
        return 0;
      } catch (error) {
        if (isRegistryError(error)) {
          const issues = (error.details as { issues?: { path: string; rule: string; message: string }[] })
            ?.issues;
          for (const i of issues ?? []) writeLine(io.stderr, `  ${i.path}  ${i.message}  [${i.rule}]`);
          throw new VerifierError(
            error.code === 'invalid_record' ? 'config_invalid' : 'io_error',
            error.message,
            { cause: error },
          );
        }
        throw error;
      } finally {
        await store.close();
      }
    }
    throw new VerifierError('usage', `usage: ${this.usage}`);
  },
};
