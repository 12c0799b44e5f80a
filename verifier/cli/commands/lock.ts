import { relative, resolve } from 'node:path';
import { VerifierError } from '../../errors/index.js';
import { LOCK_FILE, type LockInput, toLock, writeLock } from '../../lock/index.js';
import { renderTable, useColor } from '../../report/index.js';
import { runVerification } from '../../verify/index.js';
import { type Command, parseCommandArgs, writeLine } from '../command.js';
import { SELECTION_OPTIONS, toRunOptions } from './verify.js';

export const lockCommand: Command = {
  name: 'lock',
  summary:
    "verify every configured MCP server online and write mcpvet.lock with the registry's signed evidence",
  usage:
    'mcpvet lock [--registry URL] [--policy FILE] [--client NAME]... [--config FILE]... [--project-only] [--output FILE]\n' +
    '  Runs `mcpvet verify` against one registry; when it passes, writes the lock (default ./mcpvet.lock) and\n' +
    '  the signed snapshot beside it (mcpvet.snapshot.json). `mcpvet verify --offline` then needs only these\n' +
    '  two files and the pinned root; `mcpvet exec --lock FILE` admits servers from it.\n' +
    '  exit: 0 written, 1 policy violations, 2 usage or config error, 3 trust could not be established (nothing written)',
  async run(argv, io) {
    const { values } = parseCommandArgs(
      this,
      argv,
      { ...SELECTION_OPTIONS, output: { type: 'string' } },
      false,
    );
    const options = await toRunOptions(values, io);
    if (options.registries.length !== 1) {
      throw new VerifierError(
        'usage',
        `lock: a lock vouches through one registry's root; name exactly one (got ${options.registries.length})`,
      );
    }
    const run = await runVerification({ ...options, offline: false });
    if (run.exitCode !== 0) {
      io.stderr.write(renderTable(run.report, { color: useColor(io.stderr, io.env), home: options.home }));
      writeLine(io.stderr, `mcpvet lock: verification failed (exit ${run.exitCode}); no lock written`);
      return run.exitCode;
    }
    const trust = run.trust[0];
    if (trust === undefined || trust.status !== 'verified') {
      // a project with no server matched to the registry still locks the registry's state
      if (run.servers.every((s) => s.outcome.match === null) && trust === undefined) {
        throw new VerifierError(
          'usage',
          'lock: no configured server matches a registry release; nothing to lock',
        );
      }
      throw new VerifierError(
        'trust_unverified',
        `lock: the registry ${options.registries[0]} could not be verified`,
      );
    }
    const inputs: LockInput[] = [];
    const skipped: string[] = [];
    for (const server of run.servers) {
      if (server.evidence) {
        inputs.push({
          outcome: server.outcome,
          evidence: server.evidence,
          ...(server.npmAttestations === undefined ? {} : { npmAttestations: server.npmAttestations }),
        });
      } else skipped.push(server.outcome.server.name);
    }
    const now = new Date();
    const lock = await toLock(trust, inputs, { now, cwd: io.cwd, home: options.home });
    const path = resolve(io.cwd, values.output ?? LOCK_FILE);
    const snapshotPath = await writeLock(path, lock, trust.snapshot as NonNullable<typeof trust.snapshot>);
    writeLine(
      io.stdout,
      `locked ${inputs.length} server(s) to ${relative(io.cwd, path) || path} (registry ${lock.registry.url}, root v${lock.registry.rootVersion}, snapshot v${lock.registry.snapshotVersion} in ${relative(io.cwd, snapshotPath)})`,
    );
    if (skipped.length > 0) {
      writeLine(
        io.stdout,
        `not locked (no verified registry release; allowed by the policy): ${skipped.join(', ')}`,
      );
    }
    return 0;
  },
};
