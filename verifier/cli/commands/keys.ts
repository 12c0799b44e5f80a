import { resolve } from 'node:path';
import { rotateDataDirKeys } from '../../../registry/node/index.js';
import { VerifierError } from '../../errors/index.js';
import { type Command, parseCommandArgs, writeLine } from '../command.js';

export const keysCommand: Command = {
  name: 'keys',
  summary: "rotate a registry data dir's signing keys (new root version signed by the old root key)",
  usage:
    'mcpvet keys rotate [--data-dir .mcpvet] [--new-root-key] [--revoke] [--json]\n' +
    '  run with the registry stopped; it serves root v(n+1) and signs with the new key when it starts.\n' +
    '  The old online key is retired: its window closes now, so what it signed stays valid. --revoke\n' +
    '  (a compromised key) removes it instead: everything it signed then fails. Each rotation is logged.',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(this, argv, {
      'data-dir': { type: 'string' },
      'new-root-key': { type: 'boolean' },
      json: { type: 'boolean' },
      revoke: { type: 'boolean' },
    });
    if (positionals.length !== 1 || positionals[0] !== 'rotate')
      throw new VerifierError('usage', `usage: ${this.usage}`);
    const dataDir = resolve(io.cwd, values['data-dir'] ?? io.env.MCPVET_DATA_DIR ?? '.mcpvet');
    let result: Awaited<ReturnType<typeof rotateDataDirKeys>>;
    try {
      result = await rotateDataDirKeys(dataDir, {
        newRootKey: values['new-root-key'] ?? false,
        revokeOld: values.revoke ?? false,
      });
    } catch (error) {
      throw new VerifierError('config_invalid', (error as Error).message, { cause: error });
    }
    if (values.json) {
      const { root: _root, ...summary } = result;
      writeLine(io.stdout, JSON.stringify({ ...summary, version: result.root.signed.version }, null, 2));
    } else {
      writeLine(io.stdout, `root v${result.root.signed.version} written to ${result.rootPath}`);
      writeLine(
        io.stdout,
        `online key ${result.previousOnlineKeyId} → ${result.onlineKeyId} (the old one is revoked)`,
      );
      if (result.rootKeyId !== result.previousRootKeyId) {
        writeLine(
          io.stdout,
          `root key ${result.previousRootKeyId} → ${result.rootKeyId}: move the new root key offline`,
        );
      }
      writeLine(
        io.stdout,
        `logged at index ${result.logIndexes.join(', ')}; restart the registry to use the new keys`,
      );
    }
    return 0;
  },
};
