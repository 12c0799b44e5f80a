import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  createEd25519VerifierFromSpki,
  type NoteVerifier,
  parseVerifierKey,
  toBase64,
} from '../../../registry/log/index.js';
import { fromPem } from '../../../registry/signing/encoding.js';
import type { SignedRoot } from '../../../registry/signing/index.js';
import { toLogOrigin } from '../../../registry/trust/index.js';
import { VerifierError } from '../../errors/index.js';
import {
  auditLogEntries,
  createLogClient,
  fileLogStateStore,
  monitorLogStep,
  syncLogView,
} from '../../log/index.js';
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

/** The log keys a (pinned) root lists, as note verifiers named by the registry's log origin. */
async function readRootKeys(file: string): Promise<{ verifiers: NoteVerifier[]; origin: string }> {
  let root: SignedRoot;
  try {
    root = JSON.parse(await readFile(file, 'utf8')) as SignedRoot;
  } catch (cause) {
    throw new VerifierError('config_invalid', `cannot read the root ${file}: ${(cause as Error).message}`, {
      cause,
    });
  }
  const keys = (root.signed?.signingKeys ?? []).filter((k) => k.role === 'log' && k.algorithm === 'ed25519');
  if (keys.length === 0) throw new VerifierError('config_invalid', `${file} lists no Ed25519 log key`);
  const origin = toLogOrigin(root.signed.registry);
  return {
    origin,
    verifiers: await Promise.all(
      keys.map((k) => createEd25519VerifierFromSpki(origin, fromPem(k.publicKeyPem, 'PUBLIC KEY'))),
    ),
  };
}

export const logCommand: Command = {
  name: 'log',
  summary:
    "check the registry's transparency log: consistent with the last checkpoint seen, optionally rebuilt",
  usage:
    'mcpvet log verify  [--registry URL] (--root root.json | --key <name+keyid+base64> …) [--origin NAME] [--state FILE] [--full] [--json]\n' +
    'mcpvet log monitor [--registry URL] (--root root.json | --key …) [--state FILE] [--interval SECONDS] [--once] [--from INDEX]\n' +
    "  --root    the registry's pinned root.json: its log keys verify the checkpoints\n" +
    '  --key     a log verifier key (or MCPVET_LOG_KEY); the key name is the log origin unless --origin\n' +
    '  monitor   report every new event (one JSON line each, inclusion proven) and stop with exit 3 at any fork\n' +
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
      root: { type: 'string' },
      interval: { type: 'string' },
      once: { type: 'boolean' },
      from: { type: 'string' },
    });
    const action = positionals[0];
    if (positionals.length !== 1 || (action !== 'verify' && action !== 'monitor')) {
      throw new VerifierError('usage', `usage: ${this.usage}`);
    }
    const keyTexts = values.key ?? (io.env.MCPVET_LOG_KEY ? [io.env.MCPVET_LOG_KEY] : []);
    if (keyTexts.length === 0 && values.root === undefined) {
      throw new VerifierError('usage', `log ${action} needs the log key: --root, --key or MCPVET_LOG_KEY`);
    }
    const fromRoot = values.root === undefined ? undefined : await readRootKeys(resolve(io.cwd, values.root));
    const verifiers = [...(fromRoot?.verifiers ?? []), ...(await readKeys(keyTexts))];
    const registry = resolveRegistryUrl(values.registry, io.env);
    const statePath = resolve(io.cwd, values.state ?? io.env.MCPVET_LOG_STATE ?? defaultStatePath(io.env));
    const client = createLogClient({
      registry,
      ...(io.env.MCPVET_TOKEN ? { token: io.env.MCPVET_TOKEN } : {}),
    });
    const origin =
      values.origin ?? fromRoot?.origin ?? (verifiers.length === 1 ? verifiers[0]?.name : undefined);
    if (action === 'monitor') {
      const interval = Number(values.interval ?? '30');
      if (!Number.isFinite(interval) || interval < 1)
        throw new VerifierError('usage', '--interval must be at least 1 second');
      let from = Number(values.from ?? '0');
      if (!Number.isSafeInteger(from) || from < 0)
        throw new VerifierError('usage', '--from must be a log index');
      const store = fileLogStateStore(statePath);
      for (;;) {
        const step = await monitorLogStep({
          registry,
          client,
          verifiers,
          ...(origin ? { origin } : {}),
          store,
          from,
        });
        for (const event of step.events)
          writeLine(io.stdout, JSON.stringify({ index: event.index, ...event.entry }));
        writeLine(io.stderr, `mcpvet log monitor: ${checkpointLine(step.checkpoint)}`);
        from = step.checkpoint.size;
        if (values.once) return 0;
        await new Promise((r) => setTimeout(r, interval * 1000));
      }
    }

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

function checkpointLine(checkpoint: { origin: string; size: number; rootHash: Uint8Array }): string {
  return `consistent at size ${checkpoint.size}, root ${toBase64(checkpoint.rootHash)} (${checkpoint.origin})`;
}
