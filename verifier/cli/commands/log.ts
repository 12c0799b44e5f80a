import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { type NoteVerifier, parseVerifierKey, toBase64 } from '../../../registry/log/index.js';
import { VerifierError } from '../../errors/index.js';
import { auditLogEntries, createLogClient, fileLogStateStore, syncLogView } from '../../log/index.js';
import { type Command, parseCommandArgs, writeLine } from '../command.js';
import { resolveRegistryUrl } from '../registry-http.js';

function defaultStatePath(env: NodeJS.ProcessEnv): string {
  const home = env.HOME || env.USERPROFILE || homedir();
  return join(env.XDG_STATE_HOME ?? join(home, '.local', 'state'), 'mcpvet', 'log-state.json');
}

async function readKeys(values: string[]): Promise<NoteVerifier[]> {
  const verifiers: NoteVerifier[] = [];
  for (const text of values) {
    try {
      verifiers.push(await parseVerifierKey(text.trim()));
    } catch (cause) {
      throw new VerifierError('config_invalid', `not a log verifier key (name+keyid+base64): ${text}`, {
        cause,
      });
    }
  }
  return verifiers;
}

export const logCommand: Command = {
  name: 'log',
  summary:
    "check the registry's transparency log: consistent with the last checkpoint seen, optionally rebuilt",
  usage:
    'mcpvet log verify [--registry URL] --key <name+keyid+base64> [--key …] [--origin NAME] [--state FILE] [--full] [--json]\n' +
    '  --key     the log verifier key (or MCPVET_LOG_KEY); the key name is the log origin unless --origin\n' +
    '  --state   where the last accepted checkpoint is kept (MCPVET_LOG_STATE, default ~/.local/state/mcpvet/log-state.json)\n' +
    '  --full    also fetch every entry and rebuild the tree: its root must be the signed one',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(this, argv, {
      registry: { type: 'string' },
      key: { type: 'string', multiple: true },
      origin: { type: 'string' },
      state: { type: 'string' },
      full: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    if (positionals.length !== 1 || positionals[0] !== 'verify') {
      throw new VerifierError('usage', `usage: ${this.usage}`);
    }
    const keyTexts = values.key ?? (io.env.MCPVET_LOG_KEY ? [io.env.MCPVET_LOG_KEY] : []);
    if (keyTexts.length === 0) {
      throw new VerifierError('usage', 'log verify needs the log verifier key: --key or MCPVET_LOG_KEY');
    }
    const verifiers = await readKeys(keyTexts);
    const registry = resolveRegistryUrl(values.registry, io.env);
    const statePath = resolve(io.cwd, values.state ?? io.env.MCPVET_LOG_STATE ?? defaultStatePath(io.env));
    const client = createLogClient({
      registry,
      ...(io.env.MCPVET_TOKEN ? { token: io.env.MCPVET_TOKEN } : {}),
    });
    const origin = values.origin ?? (verifiers.length === 1 ? verifiers[0]?.name : undefined);

    const decision = await syncLogView({
      registry,
      verifiers,
      ...(origin === undefined ? {} : { origin }),
      store: fileLogStateStore(statePath),
      ...client,
    });
    const checkpoint = decision.checkpoint;
    if (!checkpoint) throw new VerifierError('internal', 'accepted checkpoint missing');
    const results: { code: string; severity: string; message: string; evidence: unknown }[] = [decision];
    if (values.full) {
      const audit = await auditLogEntries(client, checkpoint);
      results.push(audit);
      if (!audit.ok) {
        const code = audit.code === 'log_entry_invalid' ? 'integrity_mismatch' : 'log_inconsistent';
        throw new VerifierError(code, audit.message, { details: audit.evidence });
      }
    }
    if (values.json) {
      writeLine(
        io.stdout,
        JSON.stringify(
          {
            registry,
            origin: checkpoint.origin,
            size: checkpoint.size,
            rootHash: toBase64(checkpoint.rootHash),
            state: statePath,
            results: results.map(({ code, severity, message, evidence }) => ({
              code,
              severity,
              message,
              evidence,
            })),
          },
          null,
          2,
        ),
      );
    } else {
      writeLine(
        io.stdout,
        `log ${checkpoint.origin} at ${registry}: size ${checkpoint.size}, root ${toBase64(checkpoint.rootHash)}`,
      );
      for (const r of results) writeLine(io.stdout, `  ${r.code}: ${r.message}`);
    }
    return 0;
  },
};
