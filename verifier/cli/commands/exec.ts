import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { pickEnvironment, toServerEnvironment } from '../../capture/index.js';
import { createRegistryClient, createReleaseLookup } from '../../client/index.js';
import { readCapabilitiesFile } from '../../drift/index.js';
import { VerifierError } from '../../errors/index.js';
import {
  type Admit,
  admitFromLock,
  admitFromRegistry,
  admitWithCapabilities,
  runGate,
  toRefusalErrorCode,
} from '../../gate/index.js';
import { resolveIdentity } from '../../identity/index.js';
import { readLock } from '../../lock/index.js';
import { createLogClient } from '../../log/index.js';
import { loadPolicy } from '../../policy/index.js';
import {
  openRegistryTrust,
  type RegistryTrust,
  readPolicyRoots,
  readTrustLocation,
  toTrustLocation,
  verifyMatchedRelease,
} from '../../verify/index.js';
import { type CliIO, type Command, parseCommandArgs, writeLine } from '../command.js';
import { parseDuration, parseEnvFlags, splitCommandLine } from './capture.js';

async function toAdmit(
  values: { capabilities?: string; registry?: string; lock?: string },
  io: CliIO,
  usage: string,
): Promise<Admit> {
  const given = [values.capabilities, values.registry, values.lock].filter((v) => v !== undefined);
  if (given.length !== 1) {
    throw new VerifierError(
      'usage',
      `give exactly one of --capabilities, --registry, --lock\nusage: ${usage}`,
    );
  }
  if (values.capabilities !== undefined) {
    const vetted = await readCapabilitiesFile(values.capabilities, io.cwd);
    return admitWithCapabilities(vetted, resolve(io.cwd, values.capabilities));
  }
  if (values.registry !== undefined) {
    try {
      new URL(values.registry);
    } catch {
      throw new VerifierError('usage', `--registry is not a URL: ${values.registry}`);
    }
    // no cache: the gate admits on the registry's current word (a revocation must stop the next start)
    const token = io.env.MCPVET_REGISTRY_TOKEN || undefined;
    const client = createRegistryClient({ baseUrl: values.registry, token });
    const lookup = createReleaseLookup([client], { maxAgeHours: 0 });
    const npm = {
      ...(io.env.npm_config_registry ? { npmRegistry: io.env.npm_config_registry } : {}),
      ...(io.env.npm_config_cache ? { npmCache: io.env.npm_config_cache } : {}),
    };
    const home = io.env.HOME ?? io.env.USERPROFILE ?? homedir();
    const policy = await loadPolicy(io.cwd);
    const logClient = createLogClient({ registry: client.baseUrl, ...(token ? { token } : {}) });
    let session: Promise<RegistryTrust> | undefined;
    const openTrust = async () => {
      const dir = toTrustLocation(client.baseUrl, io.env, home);
      return openRegistryTrust({
        registry: client.baseUrl,
        client,
        logClient,
        policyRoots: await readPolicyRoots(policy, io.cwd),
        location: await readTrustLocation(dir),
        logStatePath: join(dir, 'log-state.json'),
        now: new Date(),
      });
    };
    return admitFromRegistry({
      cwd: io.cwd,
      home,
      resolve: (identity) => resolveIdentity(identity, { cwd: io.cwd, ...npm }),
      find: (identity) => lookup.find(identity),
      async verifyMatch(match) {
        session ??= openTrust();
        const trust = await session;
        if (trust.status === 'unverified') return policy.requireSignatures ? trust.results : [];
        if (trust.status === 'failed') return trust.results;
        return (await verifyMatchedRelease(trust, client, logClient, match.record, new Date())).results;
      },
    });
  }
  const lock = await readLock(resolve(io.cwd, values.lock as string));
  const policy = await loadPolicy(io.cwd);
  const home = io.env.HOME ?? io.env.USERPROFILE ?? homedir();
  const dir = toTrustLocation(lock.lock.registry.url, io.env, home);
  const npm = io.env.npm_config_cache ? { npmCache: io.env.npm_config_cache } : {};
  return admitFromLock({
    lock,
    cwd: io.cwd,
    home,
    resolve: (identity) => resolveIdentity(identity, { cwd: io.cwd, ...npm, offline: true }),
    policyRoots: await readPolicyRoots(policy, io.cwd),
    location: await readTrustLocation(dir),
    logStatePath: join(dir, 'log-state.json'),
    maxAgeHours: policy.offlineMaxAgeHours,
  });
}

export const execCommand: Command = {
  name: 'exec',
  summary: 'run an MCP server behind a gate that lets only its vetted tools and prompts through',
  usage:
    'mcpvet exec (--capabilities FILE | --registry URL | --lock FILE) [--env NAME[=VALUE]]… [--timeout 10s] -- COMMAND [ARGS…]\n' +
    '  --registry URL admits an approved release whose signed evidence (attestation, snapshot, log) verifies\n' +
    '  under the pinned root (trust init, or trust.root in ./mcpvet.policy.json); --lock FILE admits a release\n' +
    "  locked in mcpvet.lock, verified the same way with no network. The release's declared capabilities are\n" +
    '  the vetted surface.\n' +
    '  Put this in an MCP client config in place of the server command. The server gets only PATH, HOME,\n' +
    '  TMPDIR, LANG, LC_ALL, the variables its vetted surface declares (permissions.env) and --env ones.\n' +
    '  Tools and prompts not in the vetted surface, or whose definition differs from it, are dropped from\n' +
    '  lists and their calls answered with a JSON-RPC error; every decision is one JSON line on stderr.',
  async run(argv, io) {
    const { flags, command } = splitCommandLine(argv);
    const { values, positionals } = parseCommandArgs(this, flags, {
      capabilities: { type: 'string' },
      registry: { type: 'string' },
      lock: { type: 'string' },
      env: { type: 'string', multiple: true },
      timeout: { type: 'string' },
    });
    const [exe, ...args] = command;
    if (positionals.length > 0 || exe === undefined) {
      throw new VerifierError('usage', `put the server command after --\nusage: ${this.usage}`);
    }
    const admit = await toAdmit(values, io, this.usage);
    const admission = await admit(command);
    if (!admission.allowed) {
      writeLine(
        io.stderr,
        JSON.stringify({
          mcpvet: 'gate',
          time: new Date().toISOString(),
          event: 'admission',
          decision: 'deny',
          reason: admission.code,
          message: admission.reason,
        }),
      );
      throw new VerifierError(
        toRefusalErrorCode(admission.code),
        `refused to start ${exe}: ${admission.reason}`,
      );
    }
    const declared = {
      ...pickEnvironment(admission.env ?? [], io.env),
      ...parseEnvFlags(values.env, io.env),
    };
    if (!io.stdin) throw new VerifierError('usage', 'exec needs standard input (the MCP client)');
    const abort = new AbortController();
    const onSigint = () => abort.abort('SIGINT');
    const onSigterm = () => abort.abort('SIGTERM');
    // only the real binary owns the process signals; in-process runs (tests) have their own stdin
    const ownsProcess = io.stdin === process.stdin;
    if (ownsProcess) {
      process.once('SIGINT', onSigint);
      process.once('SIGTERM', onSigterm);
    }
    try {
      return await runGate({
        command: exe,
        args,
        env: toServerEnvironment(declared, io.env),
        cwd: io.cwd,
        vetted: admission.vetted,
        source: admission.source,
        stdin: io.stdin,
        stdout: io.stdout,
        stderr: io.stderr,
        requestTimeoutMs:
          values.timeout === undefined ? undefined : parseDuration(values.timeout, this.usage),
        signal: abort.signal,
      });
    } finally {
      if (ownsProcess) {
        process.removeListener('SIGINT', onSigint);
        process.removeListener('SIGTERM', onSigterm);
        // stdin would keep the process alive after the server is gone
        process.stdin.destroy();
      }
    }
  },
};
