import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ServerSummary } from '../../../registry/api/records.js';
import type { ReleaseRecord } from '../../../registry/records/index.js';
import {
  type Allowlist,
  CLIENTS,
  type ClientId,
  type LaunchOptions,
  toClaudeCodeManagedMcp,
  toClaudeCodeSettings,
  toCopilotSettings,
  toCursorConfig,
  toVsCodeSettings,
  toWindsurfWhitelist,
} from '../../allowlist/index.js';
import { VerifierError } from '../../errors/index.js';
import { type Command, parseCommandArgs, writeLine } from '../command.js';
import { callRegistry, encodeName, resolveRegistryUrl } from '../registry-http.js';

const TARGETS = ['managed-settings', 'managed-mcp'] as const;
type Target = (typeof TARGETS)[number];

/** Every approved release in the registry, read through the /v1 API page by page. */
export async function fetchApprovedReleases(
  registry: string,
  token: string | undefined,
): Promise<ReleaseRecord[]> {
  const out: ReleaseRecord[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 10_000; page++) {
    const query: string = `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const body: { servers: ServerSummary[]; nextCursor: string | null } = await callRegistry({
      registry,
      token,
      method: 'GET',
      path: `/v1/servers?${query}`,
    });
    for (const server of body.servers) {
      if (server.latestApproved === null) continue;
      const { releases } = await callRegistry<{ releases: ReleaseRecord[] }>({
        registry,
        token,
        method: 'GET',
        path: `/v1/servers/${encodeName(server.name)}/releases`,
      });
      out.push(...releases.filter((r) => r.status === 'approved'));
    }
    cursor = body.nextCursor;
    if (cursor === null) return out;
  }
  throw new VerifierError('registry_error', 'the registry kept answering with more pages; stopping');
}

function render(
  client: ClientId,
  target: Target,
  records: ReleaseRecord[],
  registry: string,
  options: LaunchOptions,
): Allowlist<unknown> {
  switch (client) {
    case 'claude-code':
      return target === 'managed-mcp'
        ? toClaudeCodeManagedMcp(records, options)
        : toClaudeCodeSettings(records, options);
    case 'copilot':
      return toCopilotSettings(records, options);
    case 'vscode':
      return toVsCodeSettings(registry);
    case 'cursor':
      return toCursorConfig(records, options);
    case 'windsurf':
      return toWindsurfWhitelist(records, options);
  }
}

export const policyCommand: Command = {
  name: 'policy',
  summary:
    "export a client's MCP allowlist (Claude Code, Copilot, VS Code, Cursor, Windsurf) from approved releases",
  usage:
    'mcpvet policy export --client claude-code|copilot|vscode|cursor|windsurf [--registry URL] [--wrap-exec]\n' +
    '                     [--target managed-settings|managed-mcp] [--out FILE]\n' +
    '  --target chooses the Claude Code file (managed-settings.json allowlist, or managed-mcp.json servers).\n' +
    '  --wrap-exec runs every stdio server behind `mcpvet exec --registry URL --`. Where each file goes:\n' +
    '  docs/ecosystem.md. Entries it cannot express are listed on stderr.',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(this, argv, {
      client: { type: 'string' },
      registry: { type: 'string' },
      'wrap-exec': { type: 'boolean' },
      target: { type: 'string' },
      out: { type: 'string' },
    });
    if (positionals[0] !== 'export' || positionals.length !== 1) {
      throw new VerifierError('usage', `usage: ${this.usage}`);
    }
    const client = values.client as ClientId | undefined;
    if (client === undefined || !CLIENTS.includes(client)) {
      throw new VerifierError('usage', `--client must be one of ${CLIENTS.join(', ')}`);
    }
    const target = (values.target ?? 'managed-settings') as Target;
    if (!TARGETS.includes(target) || (values.target !== undefined && client !== 'claude-code')) {
      throw new VerifierError(
        'usage',
        '--target is for --client claude-code: managed-settings or managed-mcp',
      );
    }
    const registry = resolveRegistryUrl(values.registry, io.env).replace(/\/+$/, '');
    const options: LaunchOptions = values['wrap-exec']
      ? { wrap: ['mcpvet', 'exec', '--registry', registry, '--'] }
      : {};
    // VS Code needs only the registry's address: the registry itself is the allowlist
    const records = client === 'vscode' ? [] : await fetchApprovedReleases(registry, io.env.MCPVET_TOKEN);
    const { document, notes } = render(client, target, records, registry, options);
    const text = `${JSON.stringify(document, null, 2)}\n`;
    if (values.out !== undefined) {
      const path = resolve(io.cwd, values.out);
      try {
        await writeFile(path, text);
      } catch (cause) {
        throw new VerifierError('io_error', `cannot write ${path}: ${(cause as Error).message}`, { cause });
      }
      writeLine(io.stderr, `mcpvet policy: wrote ${path} (${client}, ${records.length} approved releases)`);
    } else {
      io.stdout.write(text);
    }
    for (const n of notes) writeLine(io.stderr, `note: ${n.name}@${n.version} [${n.code}] ${n.message}`);
    return 0;
  },
};
