import type { ReleaseRecord } from '../../../registry/records/index.js';
import { VerifierError } from '../../errors/index.js';
import { type Command, parseCommandArgs, writeLine } from '../command.js';
import { callRegistry, encodeName, resolveRegistryUrl } from '../registry-http.js';
import { printRegistryIssues } from './print-issues.js';

const STATUSES = ['approved', 'rejected', 'deprecated', 'revoked'];

/** Splits name@version at the last '@' (names never contain one; scoped npm names are not server names). */
export function parseNameAtVersion(spec: string): { name: string; version: string } {
  const at = spec.lastIndexOf('@');
  if (at <= 0 || at === spec.length - 1)
    throw new VerifierError('usage', `expected <name>@<version>, got ${spec}`);
  return { name: spec.slice(0, at), version: spec.slice(at + 1) };
}

export const statusCommand: Command = {
  name: 'status',
  summary: 'change a release status (approved, rejected, deprecated, revoked); reviewer or admin',
  usage:
    'mcpvet status <name>@<version> <approved|rejected|deprecated|revoked> [--reason TEXT] [--registry URL]',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(this, argv, {
      registry: { type: 'string' },
      reason: { type: 'string' },
      json: { type: 'boolean' },
    });
    const [spec, status] = positionals;
    if (spec === undefined || status === undefined || positionals.length > 2) {
      throw new VerifierError('usage', `usage: ${this.usage}`);
    }
    if (!STATUSES.includes(status))
      throw new VerifierError('usage', `status must be one of ${STATUSES.join(', ')}`);
    const { name, version } = parseNameAtVersion(spec);
    try {
      const record = await callRegistry<ReleaseRecord>({
        registry: resolveRegistryUrl(values.registry, io.env),
        token: io.env.MCPVET_TOKEN,
        method: 'POST',
        path: `/v1/servers/${encodeName(name)}/releases/${encodeURIComponent(version)}/status`,
        body: values.reason === undefined ? { status } : { status, reason: values.reason },
      });
      if (values.json) writeLine(io.stdout, JSON.stringify(record, null, 2));
      else writeLine(io.stdout, `${record.name}@${record.version} is now ${record.status}`);
      return 0;
    } catch (error) {
      printRegistryIssues(error, io.stderr);
      throw error;
    }
  },
};
