import { resolve } from 'node:path';
import { toDiscoveryContext } from '../../discovery/index.js';
import { VerifierError } from '../../errors/index.js';
import { LOCK_FILE, type LoadedLock, readLock } from '../../lock/index.js';
import { type EffectivePolicy, loadPolicy } from '../../policy/index.js';
import { renderJunit, renderSarif, renderTable, useColor, writeOutput } from '../../report/index.js';
import { runVerification, type VerifyRunOptions } from '../../verify/index.js';
import { type CliIO, type Command, parseCommandArgs } from '../command.js';
import { parseDuration } from './capture.js';
import { npmSettings, toClientIds } from './scan.js';

const FORMATS = ['table', 'json', 'sarif', 'junit'] as const;

/** The flags verify and lock share: where to verify against and which configured servers. */
export const SELECTION_OPTIONS = {
  registry: { type: 'string', multiple: true },
  policy: { type: 'string' },
  client: { type: 'string', multiple: true },
  config: { type: 'string', multiple: true },
  'project-only': { type: 'boolean' },
} as const;

/** --registry, else the policy's registries, else MCPVET_REGISTRY (MCPVET_REGISTRY_URL is an alias); each must be an http(s) URL. */
export function toRegistries(
  flag: string[] | undefined,
  policy: EffectivePolicy,
  env: NodeJS.ProcessEnv,
): string[] {
  const fromEnv = (env.MCPVET_REGISTRY ?? env.MCPVET_REGISTRY_URL ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const registries = flag?.length ? flag : policy.registries.length ? policy.registries : fromEnv;
  for (const url of registries) {
    if (!/^https?:\/\/\S+$/.test(url)) throw new VerifierError('usage', `not a registry URL: ${url}`);
  }
  return registries;
}

/** The options both verify and lock pass to runVerification, from the shared flags. */
export async function toRunOptions(
  values: {
    registry?: string[] | undefined;
    policy?: string | undefined;
    client?: string[] | undefined;
    config?: string[] | undefined;
    'project-only'?: boolean | undefined;
  },
  io: CliIO,
): Promise<Omit<VerifyRunOptions, 'offline'> & { policy: EffectivePolicy }> {
  const policy = await loadPolicy(io.cwd, values.policy);
  const home = toDiscoveryContext(io.env, io.cwd).home;
  const clients = toClientIds(values.client);
  const progress = io.stderr.isTTY === true;
  return {
    cwd: io.cwd,
    env: io.env,
    home,
    policy,
    registries: toRegistries(values.registry, policy, io.env),
    clients: clients.length > 0 ? clients : policy.clients,
    ...(values.config ? { configFiles: values.config } : {}),
    includeUser: !values['project-only'],
    npm: npmSettings(io, home),
    ...(progress
      ? {
          onProgress: (done: number, total: number, server: { name: string }) => {
            if (total <= 3) return;
            io.stderr.write(`\r\u001b[2Kmcpvet: ${done}/${total} ${server.name}`);
            if (done === total) io.stderr.write('\r\u001b[2K');
          },
        }
      : {}),
  };
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'check every configured MCP server against the registry, its signatures and the policy',
  usage:
    'mcpvet verify [--registry URL]... [--policy FILE] [--client NAME]... [--config FILE]... [--project-only]\n' +
    '              [--format table|json|sarif|junit] [--output FILE] [--offline [--lock FILE]] [--live [--live-concurrency N] [--live-timeout 15s]]\n' +
    '  --registry     registry base URL (else the policy registries, else MCPVET_REGISTRY); repeatable\n' +
    '  --policy       policy file (default ./mcpvet.policy.json, else strict defaults)\n' +
    '  --offline      no network: verify against mcpvet.lock (its attestations, the saved snapshot and the\n' +
    '                 pinned root) when there is one, else against cached registry records (unverified)\n' +
    '  --lock         the lock file for --offline (default ./mcpvet.lock)\n' +
    "  --live         start each matched server and report drift from its release's declared capabilities\n" +
    '  env: MCPVET_REGISTRY_TOKEN (private registries), MCPVET_CACHE_DIR, MCPVET_HOME (trust state), npm_config_registry, npm_config_cache\n' +
    '  exit: 0 pass, 1 policy violations, 2 usage or config error, 3 trust could not be established',
  async run(argv, io) {
    const { values } = parseCommandArgs(
      this,
      argv,
      {
        ...SELECTION_OPTIONS,
        format: { type: 'string' },
        output: { type: 'string' },
        offline: { type: 'boolean' },
        lock: { type: 'string' },
        live: { type: 'boolean' },
        'live-concurrency': { type: 'string' },
        'live-timeout': { type: 'string' },
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
    if (values.lock !== undefined && !values.offline) {
      throw new VerifierError('usage', 'verify: --lock is for --offline (online, the registry is asked)');
    }
    if (values.live && values.offline) {
      throw new VerifierError(
        'usage',
        'verify: --live starts servers, which --offline cannot promise not to reach the network',
      );
    }
    const concurrency =
      values['live-concurrency'] === undefined ? undefined : Number(values['live-concurrency']);
    if (
      concurrency !== undefined &&
      !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 64)
    ) {
      throw new VerifierError('usage', 'verify: --live-concurrency must be an integer from 1 to 64');
    }
    const options = await toRunOptions(values, io);
    let lock: LoadedLock | undefined;
    if (values.offline) {
      const path = resolve(io.cwd, values.lock ?? LOCK_FILE);
      try {
        lock = await readLock(path);
      } catch (error) {
        // no lock: --offline keeps its old meaning (cached records), unless a lock was asked for by name
        if (
          values.lock !== undefined ||
          (error as VerifierError).code !== 'file_not_found' ||
          !/the lock /.test((error as Error).message)
        ) {
          throw error;
        }
      }
    }
    const registries = lock ? [lock.lock.registry.url] : options.registries;
    if (registries.length === 0) {
      throw new VerifierError(
        'usage',
        'verify: no registry to verify against: pass --registry URL, list registries in mcpvet.policy.json, or set MCPVET_REGISTRY',
      );
    }
    const run = await runVerification({
      ...options,
      registries,
      offline: values.offline === true,
      ...(lock ? { lock } : {}),
      ...(values.live
        ? {
            live: {
              ...(concurrency === undefined ? {} : { concurrency }),
              ...(values['live-timeout'] === undefined
                ? {}
                : { timeoutMs: parseDuration(values['live-timeout'], this.usage) }),
            },
          }
        : {}),
    });
    const { report } = run;
    const home = options.home;
    let text: string;
    if (format === 'json') text = `${JSON.stringify(report, null, 2)}\n`;
    else if (format === 'sarif') text = `${JSON.stringify(renderSarif(report), null, 2)}\n`;
    else if (format === 'junit') text = renderJunit(report);
    else text = renderTable(report, { color: !values.output && useColor(io.stdout, io.env), home });
    await writeOutput(text, values.output, io.cwd, io.stdout);
    return run.exitCode;
  },
};
