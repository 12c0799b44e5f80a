import type { TokenInfo } from '../../../registry/api/index.js';
import { VerifierError } from '../../errors/index.js';
import { type Command, parseCommandArgs, writeLine } from '../command.js';
import { callRegistry, resolveRegistryUrl } from '../registry-http.js';
import { printRegistryIssues } from './print-issues.js';

export const tokenCommand: Command = {
  name: 'token',
  summary: 'create, list or revoke registry tokens (admin)',
  usage:
    'mcpvet token create --role <admin|reviewer|assessor|publisher|reader> [--namespace com.acme/*]… ' +
    '[--subject WHO] [--label TEXT] [--ttl-days N] [--registry URL]\n' +
    '       mcpvet token list [--json]\n       mcpvet token revoke <id>',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(this, argv, {
      registry: { type: 'string' },
      role: { type: 'string' },
      namespace: { type: 'string', multiple: true },
      subject: { type: 'string' },
      label: { type: 'string' },
      'ttl-days': { type: 'string' },
      json: { type: 'boolean' },
    });
    const registry = resolveRegistryUrl(values.registry, io.env);
    const token = io.env.MCPVET_TOKEN;
    const [action, id] = positionals;
    try {
      if (action === 'create' && positionals.length === 1) {
        if (values.role === undefined) throw new VerifierError('usage', 'token create needs --role');
        const body: Record<string, unknown> = { role: values.role };
        if (values.namespace) body.namespaces = values.namespace;
        if (values.subject) body.subject = values.subject;
        if (values.label) body.label = values.label;
        if (values['ttl-days'] !== undefined) body.ttlDays = Number(values['ttl-days']);
        const created = await callRegistry<TokenInfo & { token: string }>({
          registry,
          token,
          method: 'POST',
          path: '/v1/tokens',
          body,
        });
        if (values.json) writeLine(io.stdout, JSON.stringify(created, null, 2));
        else {
          writeLine(
            io.stderr,
            `created ${created.role} token ${created.id}${created.expiresAt ? ` (expires ${created.expiresAt})` : ''}; it is shown once:`,
          );
          writeLine(io.stdout, created.token);
        }
        return 0;
      }
      if (action === 'list' && positionals.length === 1) {
        const { tokens } = await callRegistry<{ tokens: TokenInfo[] }>({
          registry,
          token,
          method: 'GET',
          path: '/v1/tokens',
        });
        if (values.json) writeLine(io.stdout, JSON.stringify(tokens, null, 2));
        else {
          for (const t of tokens) {
            const state = t.revokedAt
              ? 'revoked'
              : t.expiresAt && Date.parse(t.expiresAt) < Date.now()
                ? 'expired'
                : 'active';
            writeLine(
              io.stdout,
              `${t.id}  ${t.role.padEnd(9)}  ${state.padEnd(7)}  ${t.namespaces.join(',') || '-'}  ${t.label ?? ''}`,
            );
          }
        }
        return 0;
      }
      if (action === 'revoke' && id !== undefined && positionals.length === 2) {
        const revoked = await callRegistry<TokenInfo>({
          registry,
          token,
          method: 'DELETE',
          path: `/v1/tokens/${encodeURIComponent(id)}`,
        });
        writeLine(io.stdout, `revoked ${revoked.id} at ${revoked.revokedAt}`);
        return 0;
      }
    } catch (error) {
      printRegistryIssues(error, io.stderr);
      throw error;
    }
    throw new VerifierError('usage', `usage: ${this.usage}`);
  },
};
