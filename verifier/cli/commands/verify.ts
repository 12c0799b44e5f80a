import { type CheckResult, checkServers } from '../../checks/index.js';
import {
  createRegistryClient,
  createReleaseCache,
  createReleaseLookup,
  defaultCacheDir,
  type RegistryState,
} from '../../client/index.js';
import { discoverServers, toDiscoveryContext } from '../../discovery/index.js';
import { VerifierError } from '../../errors/index.js';
import { resolveIdentity } from '../../identity/index.js';
import { checkExpiredExceptions, loadPolicy } from '../../policy/index.js';
import {
  buildReport,
  renderJunit,
  renderSarif,
  renderTable,
  useColor,
  writeOutput,
} from '../../report/index.js';
import { type Command, parseCommandArgs } from '../command.js';
import { npmSettings, toClientIds } from './scan.js';

const FORMATS = ['table', 'json', 'sarif', 'junit'] as const;

function registryFindings(states: RegistryState[]): CheckResult[] {
  return states
    .filter((s) => s.state !== 'online')
    .map((s) => ({
      code: 'registry_offline' as const,
      severity: 'low' as const,
      message:
        s.state === 'cached'
          ? `registry ${s.url} was unreachable; verified against its records cached at ${s.cachedAt} (${s.error ?? ''})`
          : `registry ${s.url} was unreachable and nothing was cached for it; servers only it lists show as unlisted (${s.error ?? ''})`,
      evidence: { ...s },
    }));
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'check every configured MCP server against the registry and the policy (exit 1 on violations)',
  usage:
    'mcpvet verify [--registry URL]... [--policy FILE] [--client NAME]... [--config FILE]... [--project-only]\n' +
    '              [--format table|json|sarif|junit] [--output FILE] [--offline]\n' +
    '  --registry     registry base URL (else the policy registries, else MCPVET_REGISTRY_URL); repeatable\n' +
    '  --policy       policy file (default ./mcpvet.policy.json, else strict defaults)\n' +
    '  --offline      verify against cached registry records and the npm cache only\n' +
    '  env: MCPVET_REGISTRY_TOKEN (private registries), MCPVET_CACHE_DIR, npm_config_registry, npm_config_cache\n' +
    '  exit: 0 pass, 1 policy violations, 2 usage or config error, 3 trust could not be established',
  async run(argv, io) {
    const { values } = parseCommandArgs(
      this,
      argv,
      {
        registry: { type: 'string', multiple: true },
        policy: { type: 'string' },
        client: { type: 'string', multiple: true },
        config: { type: 'string', multiple: true },
        'project-only': { type: 'boolean' },
        format: { type: 'string' },
        output: { type: 'string' },
        offline: { type: 'boolean' },
      },
      false,
    );
    const format = values.format ?? 'table';
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new VerifierError(
        'usage',
        `verify: --format must be one of ${FORMATS.join(', ')}, not '${format}'`,
      );
    }
    const policy = await loadPolicy(io.cwd, values.policy);
    const fromEnv = (io.env.MCPVET_REGISTRY_URL ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const registries = values.registry?.length
      ? values.registry
      : policy.registries.length
        ? policy.registries
        : fromEnv;
    if (registries.length === 0) {
      throw new VerifierError(
        'usage',
        'verify: no registry to verify against: pass --registry URL, list registries in mcpvet.policy.json, or set MCPVET_REGISTRY_URL',
      );
    }
    for (const url of registries) {
      if (!/^https?:\/\/\S+$/.test(url))
        throw new VerifierError('usage', `verify: not a registry URL: ${url}`);
    }

    const ctx = toDiscoveryContext(io.env, io.cwd);
    const clients = toClientIds(values.client);
    const discovery = await discoverServers({
      ...ctx,
      clients: clients.length > 0 ? clients : policy.clients,
      ...(values.config ? { configFiles: values.config } : {}),
      includeUser: !values['project-only'],
    });

    const token = io.env.MCPVET_REGISTRY_TOKEN || undefined;
    const lookup = createReleaseLookup(
      registries.map((baseUrl) => createRegistryClient({ baseUrl, token })),
      {
        cache: createReleaseCache(defaultCacheDir(io.env, ctx.home, process.platform)),
        maxAgeHours: policy.offlineMaxAgeHours,
        offline: values.offline === true,
      },
    );
    const npm = npmSettings(io, ctx.home);
    const progress = io.stderr.isTTY === true && discovery.servers.length > 3;
    const outcomes = await checkServers(
      discovery.servers,
      { cwd: io.cwd, home: ctx.home },
      {
        resolve: (identity) =>
          resolveIdentity(identity, { cwd: io.cwd, ...npm, offline: values.offline === true }),
        find: (identity) => lookup.find(identity),
        ...(progress
          ? {
              onProgress: (done: number, total: number, server: { name: string }) => {
                io.stderr.write(`\r\u001b[2Kmcpvet verify: ${done}/${total} ${server.name}`);
                if (done === total) io.stderr.write('\r\u001b[2K');
              },
            }
          : {}),
      },
      { requirePinning: policy.requirePinning },
    );

    const now = new Date();
    const states = lookup.states();
    const report = buildReport({
      command: 'verify',
      cwd: io.cwd,
      now,
      discovery,
      outcomes,
      policy,
      // a registry never asked (no server needed it) was not shown to be down
      registries: states,
      runFindings: [...checkExpiredExceptions(policy, now), ...registryFindings(states)],
    });
    let text: string;
    if (format === 'json') text = `${JSON.stringify(report, null, 2)}\n`;
    else if (format === 'sarif') text = `${JSON.stringify(renderSarif(report), null, 2)}\n`;
    else if (format === 'junit') text = renderJunit(report);
    else text = renderTable(report, { color: !values.output && useColor(io.stdout, io.env), home: ctx.home });
    await writeOutput(text, values.output, io.cwd, io.stdout);
    return report.exitCode;
  },
};
