import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type CaptureResult, type CaptureTarget, captureServer } from '../../capture/index.js';
import { EXIT_CODES, VerifierError } from '../../errors/index.js';
import { type CliIO, type Command, parseCommandArgs, writeLine } from '../command.js';

/** `15`, `15s`, `2.5s` or `1500ms` → milliseconds. */
export function parseDuration(text: string, usage: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(text.trim());
  const n = m ? Number(m[1]) * (m[2] === 'ms' ? 1 : 1000) : Number.NaN;
  if (!Number.isFinite(n) || n <= 0 || n > 3_600_000) {
    throw new VerifierError('usage', `--timeout must be a duration such as 15s or 1500ms\nusage: ${usage}`);
  }
  return Math.round(n);
}

/** `--env NAME=VALUE` sets a value; `--env NAME` passes our own value of NAME on (if set). */
export function parseEnvFlags(
  flags: string[] | undefined,
  source: NodeJS.ProcessEnv,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const flag of flags ?? []) {
    const eq = flag.indexOf('=');
    const name = eq < 0 ? flag : flag.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new VerifierError('usage', `--env expects NAME or NAME=VALUE (got '${flag}')`);
    }
    const value = eq < 0 ? source[name] : flag.slice(eq + 1);
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** Split `[flags…] -- command args…`: everything after the first `--` is the server's command line. */
export function splitCommandLine(argv: string[]): { flags: string[]; command: string[] } {
  const i = argv.indexOf('--');
  return i < 0 ? { flags: argv, command: [] } : { flags: argv.slice(0, i), command: argv.slice(i + 1) };
}

function reportProblems(io: CliIO, result: CaptureResult): void {
  for (const f of result.findings)
    writeLine(io.stderr, `mcpvet capture: ${f.severity} ${f.code}: ${f.message}`);
  if (result.error) {
    writeLine(io.stderr, `mcpvet capture: error [${result.error.code}] ${result.error.message}`);
    const line = result.error.evidence?.line;
    if (typeof line === 'string') writeLine(io.stderr, `  offending output: ${JSON.stringify(line)}`);
    if (result.exit && result.error.code === 'server_failed') {
      writeLine(io.stderr, `  exit: ${JSON.stringify(result.exit)}`);
    }
  }
  if (result.stderr && (result.error || result.findings.length > 0)) {
    const cut = result.stderrTruncated ? ' (earlier output dropped)' : '';
    writeLine(io.stderr, `  server stderr${cut}:`);
    io.stderr.write(`${result.stderr.replace(/^/gm, '  | ').replace(/\n? {2}\| $/, '')}\n`);
  }
}

export const captureCommand: Command = {
  name: 'capture',
  summary: 'start (or connect to) an MCP server and write its capabilities document with fingerprints',
  usage:
    'mcpvet capture [--out FILE] [--timeout 15s] [--env NAME[=VALUE]]… [--cwd DIR] [--max-items N] [--json] -- COMMAND [ARGS…]\n' +
    '       mcpvet capture --url URL [--transport streamable-http|sse] [--header "Name: value"]… [--out FILE] [--timeout 15s] [--json]\n' +
    '  The server gets only PATH, HOME, TMPDIR, LANG, LC_ALL and the --env variables. --json prints the\n' +
    '  whole capture result (errors, findings, stderr) instead of the document. Exit 1 when the server\n' +
    '  failed, timed out, broke the protocol, or the capture was capped (the document is still written).',
  async run(argv, io) {
    const { flags, command } = splitCommandLine(argv);
    const { values, positionals } = parseCommandArgs(this, flags, {
      out: { type: 'string', short: 'o' },
      timeout: { type: 'string' },
      env: { type: 'string', multiple: true },
      cwd: { type: 'string' },
      'max-items': { type: 'string' },
      url: { type: 'string' },
      transport: { type: 'string' },
      header: { type: 'string', multiple: true },
      json: { type: 'boolean' },
    });
    if (positionals.length > 0) {
      throw new VerifierError('usage', `put the server command after --\nusage: ${this.usage}`);
    }
    let target: CaptureTarget;
    if (values.url !== undefined) {
      if (command.length > 0)
        throw new VerifierError('usage', `give --url or a command, not both\nusage: ${this.usage}`);
      const transport = values.transport ?? 'streamable-http';
      if (transport !== 'streamable-http' && transport !== 'sse') {
        throw new VerifierError('usage', `--transport must be streamable-http or sse\nusage: ${this.usage}`);
      }
      try {
        new URL(values.url);
      } catch {
        throw new VerifierError('usage', `--url is not a URL: ${values.url}`);
      }
      const headers: Record<string, string> = {};
      for (const h of values.header ?? []) {
        const colon = h.indexOf(':');
        if (colon <= 0) throw new VerifierError('usage', `--header expects "Name: value" (got '${h}')`);
        headers[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
      }
      target = { transport, url: values.url, headers };
    } else {
      const [exe, ...args] = command;
      if (exe === undefined)
        throw new VerifierError('usage', `give a server command after --, or --url\nusage: ${this.usage}`);
      if (values.transport !== undefined && values.transport !== 'stdio') {
        throw new VerifierError('usage', '--transport applies to --url');
      }
      target = {
        transport: 'stdio',
        command: exe,
        args,
        env: parseEnvFlags(values.env, io.env),
        cwd: values.cwd === undefined ? io.cwd : resolve(io.cwd, values.cwd),
      };
    }
    const maxItems = values['max-items'] === undefined ? undefined : Number(values['max-items']);
    if (maxItems !== undefined && (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 10_000)) {
      throw new VerifierError('usage', '--max-items must be an integer from 1 to 10000');
    }
    const result = await captureServer(target, {
      timeoutMs: values.timeout === undefined ? undefined : parseDuration(values.timeout, this.usage),
      maxItems,
      baseEnv: io.env,
    });
    reportProblems(io, result);
    const incomplete = result.findings.some(
      (f) => f.code === 'capture_capped' || f.code === 'pagination_loop',
    );
    const c = result.capabilities;
    if (c && values.out !== undefined) {
      try {
        await writeFile(resolve(io.cwd, values.out), `${JSON.stringify(c, null, 2)}\n`);
      } catch (error) {
        throw new VerifierError('io_error', `cannot write ${values.out}: ${(error as Error).message}`);
      }
    }
    if (values.json) {
      writeLine(io.stdout, JSON.stringify(result, null, 2));
    } else if (c && values.out === undefined) {
      writeLine(io.stdout, JSON.stringify(c, null, 2));
    } else if (c) {
      writeLine(
        io.stdout,
        `captured ${c.serverInfo?.name ?? '?'} ${c.serverInfo?.version ?? ''}: ${c.tools?.length ?? 0} tools, ` +
          `${c.prompts?.length ?? 0} prompts, ${c.resources?.length ?? 0} resources, ` +
          `${c.resourceTemplates?.length ?? 0} templates → ${values.out} (${c.fingerprint})`,
      );
    }
    if (result.error) return EXIT_CODES[result.error.code];
    return incomplete ? 1 : 0;
  },
};
