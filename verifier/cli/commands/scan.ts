import { join } from 'node:path';
import { checkServers } from '../../checks/index.js';
import { CLIENT_IDS, type ClientId, discoverServers, toDiscoveryContext } from '../../discovery/index.js';
import { VerifierError } from '../../errors/index.js';
import { resolveIdentity } from '../../identity/index.js';
import { loadPolicy } from '../../policy/index.js';
import { buildReport, renderTable, useColor, writeOutput } from '../../report/index.js';
import { type CliIO, type Command, parseCommandArgs } from '../command.js';

/** --client values, checked against the known clients (a typo is a usage error, not an empty scan). */
export function toClientIds(values: string[] | undefined): ClientId[] {
  const out: ClientId[] = [];
  for (const value of (values ?? []).flatMap((v) => v.split(','))) {
    const id = value.trim();
    if (id === '') continue;
    if (!(CLIENT_IDS as readonly string[]).includes(id)) {
      throw new VerifierError('usage', `unknown client '${id}' (one of: ${CLIENT_IDS.join(', ')})`);
    }
    out.push(id as ClientId);
  }
  return out;
}

/** npm's own settings for pacote: registry and cache folder, as npm reads them from the environment. */
export function npmSettings(io: CliIO, home: string): { npmRegistry?: string; npmCache: string } {
  const env = io.env;
  const registry = env.npm_config_registry || env.NPM_CONFIG_REGISTRY;
  const cache =
    env.npm_config_cache ||
    env.NPM_CONFIG_CACHE ||
    (process.platform === 'win32'
      ? join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'npm-cache')
      : join(home, '.npm'));
  return { ...(registry ? { npmRegistry: registry } : {}), npmCache: cache };
}

export const scanCommand: Command = {
  name: 'scan',
  summary: 'list the MCP servers configured for this project and user, and what each one runs (no registry)',
  usage:
    'mcpvet scan [--client NAME]... [--config FILE]... [--project-only] [--resolve] [--format table|json] [--output FILE]\n' +
    '  --client       only this client (claude-desktop, claude-code, vscode, cursor, windsurf, gemini, cline, codex, zed)\n' +
    '  --config       read only this file (any client format); repeatable\n' +
    '  --project-only skip user-level and machine-wide configs\n' +
    '  --resolve      ask npm (pacote, npm cache first) what each npm entry would run',
  async run(argv, io) {
    const { values } = parseCommandArgs(
      this,
      argv,
      {
        client: { type: 'string', multiple: true },
        config: { type: 'string', multiple: true },
        'project-only': { type: 'boolean' },
        resolve: { type: 'boolean' },
        format: { type: 'string' },
        output: { type: 'string' },
        policy: { type: 'string' },
      },
      false,
    );
    const format = values.format ?? 'table';
    if (format !== 'table' && format !== 'json') {
      throw new VerifierError('usage', `scan: --format must be table or json, not '${format}'`);
    }
    const policy = await loadPolicy(io.cwd, values.policy);
    const ctx = toDiscoveryContext(io.env, io.cwd);
    const clients = toClientIds(values.client);
    const discovery = await discoverServers({
      ...ctx,
      clients: clients.length > 0 ? clients : policy.clients,
      ...(values.config ? { configFiles: values.config } : {}),
      includeUser: !values['project-only'],
    });
    const npm = npmSettings(io, ctx.home);
    const outcomes = await checkServers(
      discovery.servers,
      { cwd: io.cwd, home: ctx.home },
      values.resolve ? { resolve: (identity) => resolveIdentity(identity, { cwd: io.cwd, ...npm }) } : {},
      { requirePinning: policy.requirePinning },
    );
    const report = buildReport({
      command: 'scan',
      cwd: io.cwd,
      now: new Date(),
      discovery,
      outcomes,
      policy,
      registries: [],
      runFindings: [],
    });
    const text =
      format === 'json'
        ? `${JSON.stringify(report, null, 2)}\n`
        : renderTable(report, { color: !values.output && useColor(io.stdout, io.env), home: ctx.home });
    await writeOutput(text, values.output, io.cwd, io.stdout);
    return 0;
  },
};
