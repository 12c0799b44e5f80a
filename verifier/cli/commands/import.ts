import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  conflictIssue,
  createStoreSink,
  fetchOfficialRecords,
  filterUpdatedSince,
  type ImportReport,
  type ImportSink,
  importRecords,
  readOfficialRecords,
} from '../../../registry/import/index.js';
import { loadOrCreateTrust } from '../../../registry/node/keys.js';
import type { Release, ReleaseRecord, ValidationIssue } from '../../../registry/records/index.js';
import { openSqliteStore } from '../../../registry/sqlite/index.js';
import { VerifierError } from '../../errors/index.js';
import { type CliIO, type Command, parseCommandArgs, writeLine } from '../command.js';
import { callRegistry, encodeName, resolveRegistryUrl } from '../registry-http.js';

const USAGE =
  'mcpvet import official <file.json | https://registry…> [--updated-since T] [--registry URL | --data-dir DIR]\n' +
  '                      [--concurrency 8] [--json]   (token from MCPVET_TOKEN when publishing over HTTP)';

async function loadRecords(source: string, updatedSince: string | undefined): Promise<unknown[]> {
  if (/^https?:\/\//i.test(source)) {
    // a .json URL is a file served over HTTP; anything else is a registry speaking the v0.1 API
    if (new URL(source).pathname.endsWith('.json')) {
      const response = await fetch(source, { signal: AbortSignal.timeout(120_000) }).catch(
        (cause: unknown) => {
          throw new VerifierError(
            'registry_unreachable',
            `cannot fetch ${source}: ${(cause as Error).message}`,
            { cause },
          );
        },
      );
      if (!response.ok) throw new VerifierError('registry_error', `${source} answered ${response.status}`);
      const records = readOfficialRecords(await response.json());
      return updatedSince === undefined ? records : filterUpdatedSince(records, updatedSince);
    }
    try {
      return await fetchOfficialRecords(source, {
        updatedSince,
        fetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(60_000) }),
      });
    } catch (cause) {
      throw new VerifierError('registry_unreachable', `cannot page ${source}: ${(cause as Error).message}`, {
        cause,
      });
    }
  }
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (cause) {
    throw new VerifierError('file_not_found', `cannot read ${source}: ${(cause as Error).message}`, {
      cause,
    });
  }
  let records: unknown[];
  try {
    records = readOfficialRecords(JSON.parse(text));
  } catch (cause) {
    throw new VerifierError('config_invalid', `${source}: ${(cause as Error).message}`, { cause });
  }
  return updatedSince === undefined ? records : filterUpdatedSince(records, updatedSince);
}

function rejectionFrom(error: VerifierError, release: Release): ValidationIssue[] | null {
  const details = error.details as {
    status?: number;
    body?: { code?: string; message?: string; details?: unknown };
  };
  const body = details?.body;
  const issues = (body?.details as { issues?: ValidationIssue[] } | undefined)?.issues;
  if (Array.isArray(issues) && issues.length > 0) return issues;
  // Namespace permissions are per record: a publisher token may cover some namespaces and not others.
  if (details?.status === 403 || details?.status === 400 || details?.status === 413) {
    return [
      {
        path: '',
        rule: `registry.${body?.code ?? details.status}`,
        message: `${release.name}@${release.version}: ${body?.message ?? error.message}`,
      },
    ];
  }
  return null;
}

/** Publishes through POST /v1/releases: the registry's own validation, permissions and audit apply. */
function createHttpSink(registry: string, token: string | undefined): ImportSink {
  return {
    async publish(release, digest) {
      try {
        await callRegistry<ReleaseRecord>({
          registry,
          token,
          method: 'POST',
          path: '/v1/releases',
          body: release,
        });
        return { kind: 'imported' };
      } catch (error) {
        if (!(error instanceof VerifierError)) throw error;
        const status = (error.details as { status?: number } | undefined)?.status;
        if (status === 409) {
          // the list, not /releases/{version}: that path refuses versions with build metadata (1.0.0+x)
          const { releases } = await callRegistry<{ releases: ReleaseRecord[] }>({
            registry,
            token,
            method: 'GET',
            path: `/v1/servers/${encodeName(release.name)}/releases`,
          });
          const existing = releases.find((r) => r.version === release.version);
          return existing?.releaseDigest === digest
            ? { kind: 'present' }
            : { kind: 'rejected', issues: [conflictIssue(release)] };
        }
        const issues = rejectionFrom(error, release);
        if (issues) return { kind: 'rejected', issues };
        throw error;
      }
    },
  };
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function printReport(report: ImportReport, source: string, io: CliIO): void {
  const out = io.stdout;
  writeLine(out, `mcpvet import: ${report.total} records from ${source}`);
  writeLine(out, `  imported         ${report.imported}`);
  writeLine(out, `  already present  ${report.alreadyPresent}`);
  writeLine(out, `  rejected         ${report.rejected}`);
  const rules = Object.entries(report.rejectedByRule).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (rules.length > 0) {
    writeLine(out, 'rejected records by rule (a record may break several rules):');
    const width = Math.max(...rules.map(([r]) => r.length)) + 2;
    for (const [rule, count] of rules) {
      const example = report.rejections.find((r) => r.issues.some((i) => i.rule === rule));
      const issue = example?.issues.find((i) => i.rule === rule);
      const where = example ? `${example.name ?? '?'}@${example.version ?? '?'} ${issue?.path ?? ''}` : '';
      writeLine(out, `  ${pad(rule, width)}${pad(String(count), 5)} e.g. ${where}: ${issue?.message ?? ''}`);
    }
  }
  const changes = Object.entries(report.changes);
  if (changes.length > 0) {
    writeLine(out, 'normalised (imported with this change):');
    for (const [rule, count] of changes) writeLine(out, `  ${pad(rule, 28)}${count}`);
  }
}

export const importCommand: Command = {
  name: 'import',
  summary:
    'import server.json records from the official MCP Registry (a file or its API) as submitted releases',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(this, argv, {
      'updated-since': { type: 'string' },
      registry: { type: 'string' },
      'data-dir': { type: 'string' },
      concurrency: { type: 'string' },
      json: { type: 'boolean' },
    });
    const [kind, source, ...extra] = positionals;
    if (kind !== 'official' || source === undefined || extra.length > 0) {
      throw new VerifierError('usage', `usage: ${this.usage}`);
    }
    const updatedSince = values['updated-since'];
    if (updatedSince !== undefined && Number.isNaN(Date.parse(updatedSince))) {
      throw new VerifierError('usage', `--updated-since must be an RFC 3339 timestamp, not ${updatedSince}`);
    }
    if (values['data-dir'] !== undefined && values.registry !== undefined) {
      throw new VerifierError('usage', 'choose one destination: --registry URL or --data-dir DIR');
    }
    const concurrency = Number(values.concurrency ?? '8');
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
      throw new VerifierError('usage', '--concurrency must be an integer from 1 to 64');
    }
    const records = await loadRecords(source, updatedSince);
    let report: ImportReport;
    const label = /^https?:/i.test(source) ? source : basename(source);
    if (values['data-dir'] !== undefined) {
      const dataDir = values['data-dir'];
      const { store } = await openSqliteStore(join(dataDir, 'registry.db'));
      try {
        // the data dir's own keys (created as `mcpvet serve` would on first start): imported releases
        // are signed and logged exactly like published ones
        const { trust } = await loadOrCreateTrust(dataDir, {
          registry: io.env.MCPVET_PUBLIC_URL || 'http://127.0.0.1:8787',
          explicitRegistry: Boolean(io.env.MCPVET_PUBLIC_URL),
          signingKeyPem: io.env.MCPVET_SIGNING_KEY || undefined,
        });
        report = await importRecords(records, createStoreSink(store, { actor: 'import:official', trust }), {
          concurrency: 1,
        });
      } finally {
        await store.close();
      }
    } else {
      const registry = resolveRegistryUrl(values.registry, io.env);
      report = await importRecords(records, createHttpSink(registry, io.env.MCPVET_TOKEN), { concurrency });
    }
    if (values.json) writeLine(io.stdout, JSON.stringify(report, null, 2));
    else printReport(report, label, io);
    return 0;
  },
};
