import { readFile } from 'node:fs/promises';
import type { ReleaseRecord } from '../../../registry/records/index.js';
import { VerifierError } from '../../errors/index.js';
import { type Command, parseCommandArgs, writeLine } from '../command.js';
import { callRegistry, resolveRegistryUrl } from '../registry-http.js';
import { printRegistryIssues } from './print-issues.js';

export const publishCommand: Command = {
  name: 'publish',
  summary: 'publish a release (server.json with mcpvet fields) to the registry as submitted',
  usage: 'mcpvet publish <release.json> [--registry URL] [--json]   (token from MCPVET_TOKEN)',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(this, argv, {
      registry: { type: 'string' },
      json: { type: 'boolean' },
    });
    const file = positionals[0];
    if (file === undefined || positionals.length > 1)
      throw new VerifierError('usage', `usage: ${this.usage}`);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (cause) {
      throw new VerifierError('file_not_found', `cannot read ${file}: ${(cause as Error).message}`, {
        cause,
      });
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (cause) {
      throw new VerifierError('config_invalid', `${file} is not valid JSON: ${(cause as Error).message}`, {
        cause,
      });
    }
    try {
      const record = await callRegistry<ReleaseRecord>({
        registry: resolveRegistryUrl(values.registry, io.env),
        token: io.env.MCPVET_TOKEN,
        method: 'POST',
        path: '/v1/releases',
        body,
      });
      if (values.json) writeLine(io.stdout, JSON.stringify(record, null, 2));
      else
        writeLine(
          io.stdout,
          `published ${record.name}@${record.version} (status ${record.status}, ${record.releaseDigest})`,
        );
      return 0;
    } catch (error) {
      printRegistryIssues(error, io.stderr);
      throw error;
    }
  },
};
