import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { VerifierError } from '../../errors/index.js';
import { type BundleArtifact, type BundleSigner, verifyBundle } from '../../sigstore/index.js';
import { type CliIO, type Command, parseCommandArgs, writeLine } from '../command.js';

const DIGEST = /^sha256:([0-9a-fA-F]{64})$/;

async function readInput(io: CliIO, path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(resolve(io.cwd, path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file_not_found' : 'io_error';
    throw new VerifierError(code, `cannot read ${what} ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function parseJson(bytes: Buffer, what: string, code: 'config_invalid' | 'not_verified'): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new VerifierError(code, `${what} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

export const bundleCommand: Command = {
  name: 'bundle',
  summary: 'verify a Sigstore bundle (the Sigstore conformance suite verify-bundle semantics)',
  usage:
    'mcpvet bundle verify --bundle FILE (--certificate-identity ID --certificate-oidc-issuer URL | --key KEY.pem) [--trusted-root FILE] [--json] FILE_OR_DIGEST',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(this, argv, {
      bundle: { type: 'string' },
      'certificate-identity': { type: 'string' },
      'certificate-oidc-issuer': { type: 'string' },
      key: { type: 'string' },
      'trusted-root': { type: 'string' },
      json: { type: 'boolean' },
    });
    const [sub, target, ...extra] = positionals;
    if (sub !== 'verify' || target === undefined || extra.length > 0 || values.bundle === undefined) {
      throw new VerifierError('usage', `usage: ${this.usage}`);
    }
    const identity = values['certificate-identity'];
    const issuer = values['certificate-oidc-issuer'];
    const keyed = values.key !== undefined;
    if (
      keyed === (identity !== undefined || issuer !== undefined) ||
      (!keyed && (identity === undefined || issuer === undefined))
    ) {
      throw new VerifierError(
        'usage',
        `give either --certificate-identity with --certificate-oidc-issuer, or --key\nusage: ${this.usage}`,
      );
    }
    let signer: BundleSigner;
    if (values.key !== undefined)
      signer = { publicKeyPem: (await readInput(io, values.key, 'key')).toString('utf8') };
    else signer = { identity: identity as string, issuer: issuer as string };

    const digest = DIGEST.exec(target);
    const artifact: BundleArtifact = digest?.[1]
      ? { sha256: digest[1].toLowerCase() }
      : { bytes: await readInput(io, target, 'artifact') };
    // A bundle that is not JSON is a bundle that does not verify (trust), not a usage error.
    const bundle = parseJson(await readInput(io, values.bundle, 'bundle'), 'bundle', 'not_verified');
    const trustedRoot =
      values['trusted-root'] === undefined
        ? undefined
        : parseJson(
            await readInput(io, values['trusted-root'], 'trusted root'),
            'trusted root',
            'config_invalid',
          );

    const result = verifyBundle({ bundle, artifact, signer, trustedRoot });
    if (values.json) writeLine(io.stdout, JSON.stringify(result, null, 2));
    if (result.ok) {
      if (!values.json) {
        const who = result.evidence.subjectAlternativeName ?? 'the given key';
        writeLine(io.stdout, `verified: ${target} signed by ${who}`);
      }
      return 0;
    }
    const code =
      result.code === 'trusted_root_invalid' || result.code === 'key_invalid'
        ? 'config_invalid'
        : 'not_verified';
    throw new VerifierError(code, `[${result.code}] ${result.message}`, { details: result });
  },
};
