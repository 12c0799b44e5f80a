import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { SignedRoot } from '../../../registry/signing/index.js';
import { isVerifierError, VerifierError } from '../../errors/index.js';
import {
  readTrustState,
  type TrustFailure,
  toTrustDir,
  verifyPinnedRoot,
  verifyRootChain,
  writeTrustState,
} from '../../trust/index.js';
import { type CliIO, type Command, parseCommandArgs, writeLine } from '../command.js';
import { callRegistry, resolveRegistryUrl } from '../registry-http.js';

/** Where the registry serves root N (TUF's N.root.json); rotations are fetched one version at a time. */
export const ROOT_PATH = (version: number) => `/v1/trust/roots/${version}`;
const MAX_ROTATIONS = 1024;

async function readRootFile(io: CliIO, path: string): Promise<SignedRoot> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, path), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file_not_found' : 'io_error';
    throw new VerifierError(code, `cannot read root ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text) as SignedRoot;
  } catch (error) {
    throw new VerifierError('root_invalid', `${path} is not JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function fail(result: TrustFailure): never {
  throw new VerifierError(result.code, result.message, { details: result });
}

function describeRoot(root: SignedRoot): string {
  const s = root.signed;
  const online = s.signingKeys
    .map((k) => `${k.role} ${k.keyId.slice(0, 12)}… until ${k.notAfter}`)
    .join(', ');
  return `root v${s.version} for ${s.registry}: ${s.threshold} of ${s.rootKeys.length} root keys, expires ${s.expires}; online keys: ${online || 'none'}`;
}

/** Fetch root versions after `from` until the registry has no next one. */
async function fetchNewerRoots(
  registry: string,
  from: number,
  env: NodeJS.ProcessEnv,
): Promise<SignedRoot[]> {
  const roots: SignedRoot[] = [];
  for (let version = from + 1; version <= from + MAX_ROTATIONS; version += 1) {
    try {
      roots.push(
        await callRegistry<SignedRoot>({
          registry,
          token: env.MCPVET_TOKEN,
          method: 'GET',
          path: ROOT_PATH(version),
        }),
      );
    } catch (error) {
      const status = isVerifierError(error)
        ? (error.details as { status?: number } | undefined)?.status
        : undefined;
      if (status === 404) break;
      throw error;
    }
  }
  return roots;
}

export const trustCommand: Command = {
  name: 'trust',
  summary: "pin a registry's signed root (init), follow its signed rotations (update), or show it",
  usage:
    'mcpvet trust init --registry URL --root FILE [--state DIR] [--force] | mcpvet trust update --registry URL [--root FILE ...] [--state DIR] | mcpvet trust show --registry URL [--state DIR] [--json]',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(this, argv, {
      registry: { type: 'string' },
      root: { type: 'string', multiple: true },
      state: { type: 'string' },
      force: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const [sub, ...extra] = positionals;
    if (extra.length > 0 || (sub !== 'init' && sub !== 'update' && sub !== 'show')) {
      throw new VerifierError('usage', `usage: ${this.usage}`);
    }
    const registry = resolveRegistryUrl(values.registry, io.env);
    let origin: string;
    try {
      origin = new URL(registry).origin;
    } catch (cause) {
      throw new VerifierError('usage', `not a registry URL: ${registry}`, { cause });
    }
    const dir = toTrustDir(origin, {
      stateDir: values.state && resolve(io.cwd, values.state),
      home: io.env.MCPVET_HOME ?? io.env.HOME,
    });
    const now = new Date();
    const state = await readTrustState(dir);

    if (sub === 'init') {
      const [file, ...more] = values.root ?? [];
      if (file === undefined || more.length > 0)
        throw new VerifierError('usage', `trust init needs one --root FILE\nusage: ${this.usage}`);
      const root = await readRootFile(io, file);
      const check = await verifyPinnedRoot(root, { registry: origin, now });
      if (!check.ok) fail(check);
      if (state !== undefined && !values.force && JSON.stringify(state.root) !== JSON.stringify(root)) {
        throw new VerifierError(
          'config_invalid',
          `a root (v${state.root.signed?.version}) is already pinned for ${origin} in ${dir}; use 'trust update' to follow rotations, or --force to re-pin`,
        );
      }
      await writeTrustState(dir, { registry: origin, root, updatedAt: now.toISOString() });
      writeLine(io.stdout, `pinned ${describeRoot(root)}`);
      return 0;
    }

    if (state === undefined) {
      throw new VerifierError(
        'config_invalid',
        `no root pinned for ${origin} (in ${dir}); run 'mcpvet trust init' first`,
      );
    }
    if (sub === 'show') {
      if (values.json) writeLine(io.stdout, JSON.stringify(state, null, 2));
      else writeLine(io.stdout, describeRoot(state.root));
      return 0;
    }

    const from = state.root.signed.version;
    const newer =
      values.root !== undefined
        ? await Promise.all(values.root.map((file) => readRootFile(io, file)))
        : await fetchNewerRoots(registry, from, io.env);
    const chain = await verifyRootChain(state.root, newer, { now });
    // Every root the chain verified is trusted, even when a later one fails: keep the progress.
    const reached = chain.root ?? state.root;
    if (reached.signed.version !== from) {
      await writeTrustState(dir, { ...state, root: reached, updatedAt: now.toISOString() });
    }
    if (!chain.ok) fail(chain);
    writeLine(
      io.stdout,
      reached.signed.version === from
        ? `root is current: ${describeRoot(reached)}`
        : `root updated v${from} -> v${reached.signed.version}: ${describeRoot(reached)}`,
    );
    return 0;
  },
};
