import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CliIO } from '../../verifier/cli/command.js';
import { COMMANDS } from '../../verifier/cli/commands/index.js';
import { isVerifierError } from '../../verifier/errors/index.js';

// Every `mcpvet …` command line in docs/ci.md and docs/examples/github-actions.yml is run through the
// real command's own argument parser: the command's `run` is called, and parseCommandArgs (the CLI's
// node:util parseArgs wrapper, strict: unknown flags and missing values are usage errors) parses for real
// with the options the command itself declares. Only what happens after a successful parse is cut short
// (a sentinel is thrown in place of the parse result), so no command touches a registry, npm or the disk.
// The options are declared inline in each command's run, so calling run is the only way to check them
// against the code rather than against a copy of the flag list.

const parsed = vi.hoisted(() => {
  class ParsedArgs extends Error {
    constructor(readonly result: { values: Record<string, unknown>; positionals: string[] }) {
      super('parsed');
    }
  }
  return { ParsedArgs };
});

vi.mock('../../verifier/cli/command.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../verifier/cli/command.js')>();
  return {
    ...real,
    parseCommandArgs: (...args: Parameters<typeof real.parseCommandArgs>) => {
      throw new parsed.ParsedArgs(real.parseCommandArgs(...args));
    },
  };
});

const ROOT = resolve(import.meta.dirname, '../..');
const CI_MD = readFileSync(join(ROOT, 'docs/ci.md'), 'utf8');
const WORKFLOW_TEXT = readFileSync(join(ROOT, 'docs/examples/github-actions.yml'), 'utf8');

interface Invocation {
  where: string;
  argv: string[];
  /** A short mention in prose (`verify --offline`): only its flag names are checked, not their values. */
  mention: boolean;
}

interface Token {
  text: string;
  quoted: boolean;
  op: boolean;
}

const OPERATOR = /^(\|\||&&|;;|>>|2>&1|>&2|2>|[|;&<>()])/;

/** Split one shell line into words and operators (quotes, backslashes, comments); enough for the docs. */
function lex(line: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i] as string;
    if (c === ' ' || c === '\t') {
      i += 1;
      continue;
    }
    if (c === '#') break;
    const op = OPERATOR.exec(line.slice(i));
    if (op) {
      out.push({ text: op[0], quoted: false, op: true });
      i += op[0].length;
      continue;
    }
    let text = '';
    let quoted = false;
    while (i < line.length && !/[\s|;&<>()]/.test(line[i] as string)) {
      const ch = line[i] as string;
      if (ch === "'") {
        const end = line.indexOf("'", i + 1);
        if (end < 0) throw new Error(`unterminated ' in: ${line}`);
        text += line.slice(i + 1, end);
        quoted = true;
        i = end + 1;
      } else if (ch === '"') {
        let j = i + 1;
        while (j < line.length && line[j] !== '"') {
          if (line[j] === '\\') j += 1;
          text += line[j] ?? '';
          j += 1;
        }
        if (j >= line.length) throw new Error(`unterminated " in: ${line}`);
        quoted = true;
        i = j + 1;
      } else if (ch === '\\') {
        text += line[i + 1] ?? '';
        i += 2;
      } else {
        text += ch;
        i += 1;
      }
    }
    out.push({ text, quoted, op: false });
  }
  return out;
}

/** Every unquoted `mcpvet` word in a shell script and the arguments up to the next operator. */
function invocationsIn(script: string, where: string): Invocation[] {
  const out: Invocation[] = [];
  const lines = script
    .replace(/\$\{\{[^}]*\}\}/g, 'GITHUB_EXPRESSION')
    .replace(/\\\n/g, ' ')
    .split('\n');
  for (const line of lines) {
    const tokens = lex(line);
    tokens.forEach((token, i) => {
      if (token.op || token.quoted || token.text !== 'mcpvet') return;
      const rest = tokens.slice(i + 1);
      const end = rest.findIndex((t) => t.op);
      out.push({
        where: `${where}: ${line.trim()}`,
        argv: (end < 0 ? rest : rest.slice(0, end)).map((t) => t.text),
        mention: false,
      });
    });
  }
  return out;
}

/** Every string under a `run` key (GitHub) or in a `script` list (GitLab) of a parsed YAML document. */
function shellOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) shellOf(v, out);
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'run' && typeof v === 'string') out.push(v);
      else if (key === 'script' && Array.isArray(v)) out.push(...v.filter((s) => typeof s === 'string'));
      else shellOf(v, out);
    }
  }
  return out;
}

const FENCE = /```(\w*)\n([\s\S]*?)```/g;

function docInvocations(): Invocation[] {
  const out: Invocation[] = [];
  for (const [, lang, body] of CI_MD.matchAll(FENCE)) {
    if (lang === 'sh' || lang === 'bash' || lang === 'shell')
      out.push(...invocationsIn(body as string, 'docs/ci.md'));
    if (lang === 'yaml') {
      for (const script of shellOf(load(body as string)))
        out.push(...invocationsIn(script, 'docs/ci.md (yaml)'));
    }
  }
  const prose = CI_MD.replace(FENCE, '');
  const names = COMMANDS.map((c) => c.name).join('|');
  for (const [, span] of prose.matchAll(/`([^`\n]+)`/g)) {
    if (span?.startsWith('mcpvet ')) out.push(...invocationsIn(span, 'docs/ci.md (prose)'));
    else if (span && new RegExp(`^(${names}) [^\\n]*--`).test(span)) {
      out.push({ where: `docs/ci.md (prose): ${span}`, argv: lex(span).map((t) => t.text), mention: true });
    }
  }
  return out;
}

function workflowInvocations(): Invocation[] {
  return shellOf(load(WORKFLOW_TEXT)).flatMap((run) => invocationsIn(run, 'github-actions.yml'));
}

class Sink extends Writable {
  override _write(_chunk: unknown, _enc: BufferEncoding, done: () => void): void {
    done();
  }
}

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'mcpvet-ci-commands-'));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

/** Values a usage string enumerates for a flag: `--format table|json|sarif|junit`. */
function enumerated(usage: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [, flag, values] of usage.matchAll(/(--[a-z-]+)[ =]([a-z0-9-]+(?:\|[a-z0-9-]+)+)/g)) {
    out.set(flag as string, (values as string).split('|'));
  }
  return out;
}

/** null when the command line parses as the command's code declares it; else why not. */
async function check(invocation: Invocation): Promise<string | null> {
  const [name, ...args] = invocation.argv;
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) return `no command '${name}'`;
  const io: CliIO = { stdout: new Sink(), stderr: new Sink(), env: {}, cwd };
  let outcome: unknown;
  try {
    await command.run(args, io);
    return `${name} returned without parsing its arguments with parseCommandArgs`;
  } catch (error) {
    outcome = error;
  }
  if (!(outcome instanceof parsed.ParsedArgs)) {
    if (!isVerifierError(outcome)) throw outcome;
    const unknown =
      (outcome.cause as { code?: string } | undefined)?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION';
    return invocation.mention && !unknown ? null : (outcome.message.split('\n')[0] ?? outcome.message);
  }
  if (invocation.mention) return null;
  const { values, positionals } = outcome.result;
  const subcommands = new Set(
    [...command.usage.matchAll(new RegExp(`mcpvet ${name} ([a-z][a-z-]*)`, 'g'))].map((m) => m[1] as string),
  );
  if (subcommands.size > 0 && !subcommands.has(positionals[0] ?? '')) {
    return `${name}: '${positionals[0]}' is not one of ${[...subcommands].join(', ')}`;
  }
  for (const [flag, allowed] of enumerated(command.usage)) {
    const value = values[flag.slice(2)];
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      if (typeof v === 'string' && !allowed.includes(v))
        return `${flag} ${v} is not one of ${allowed.join('|')}`;
    }
  }
  return null;
}

describe('every mcpvet command line in docs/ci.md and the example workflow', () => {
  const invocations = [...docInvocations(), ...workflowInvocations()];

  it('finds the commands the CI flow is made of', () => {
    const seen = invocations.filter((i) => !i.mention).map((i) => i.argv.join(' '));
    for (const expected of [
      'lock --project-only',
      'verify --project-only --format sarif --output mcpvet.sarif',
      'verify --project-only --offline --lock mcpvet.lock',
      'trust init --registry https://registry.acme.example --root registry-root.json',
      'scan --project-only --resolve',
    ]) {
      expect(seen).toContain(expected);
    }
    expect(workflowInvocations().map((i) => i.argv[0])).toEqual(
      expect.arrayContaining(['verify', 'lock', 'scan']),
    );
    expect(invocations.length).toBeGreaterThan(15);
  });

  it('uses only flags, values and subcommands the commands accept', async () => {
    const problems: string[] = [];
    for (const invocation of invocations) {
      const problem = await check(invocation);
      if (problem) problems.push(`${invocation.where}\n    -> ${problem}`);
    }
    expect(problems).toEqual([]);
  });

  it('the checker itself refuses unknown flags, missing values, unlisted values and unknown subcommands', async () => {
    const bad = [
      'verify --project-only --sarif-output x',
      'verify --format sarif --output',
      'verify --format yaml',
      'lock --offline',
      'trust pin --registry https://r.example',
      'exec --lock-file mcpvet.lock -- npx x',
      'verfiy --project-only',
    ];
    for (const line of bad) {
      expect(await check({ where: line, argv: line.split(' '), mention: false }), line).not.toBeNull();
    }
    expect(await check({ where: 'mention', argv: ['verify', '--offline'], mention: true })).toBeNull();
    expect(await check({ where: 'mention', argv: ['verify', '--offlin'], mention: true })).not.toBeNull();
  });
});

describe('docs/examples/github-actions.yml', () => {
  type Step = { name?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown> };
  type Job = {
    if?: string;
    'runs-on'?: string;
    permissions?: Record<string, string>;
    steps?: Step[];
    needs?: string | string[];
  };
  const workflow = load(WORKFLOW_TEXT) as {
    on: Record<string, unknown>;
    permissions: Record<string, string>;
    jobs: Record<string, Job>;
  };

  it('parses as a workflow: triggers, jobs, and steps that each either use an action or run a command', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'pull_request', 'schedule']));
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(Object.keys(workflow.jobs).sort()).toEqual(['lock', 'verify', 'verify-fork']);
    for (const [id, job] of Object.entries(workflow.jobs)) {
      expect(job['runs-on'], id).toBe('ubuntu-latest');
      expect(job.steps?.length, id).toBeGreaterThan(0);
      for (const step of job.steps ?? []) {
        expect(
          [step.uses, step.run].filter((v) => v !== undefined),
          `${id}: ${JSON.stringify(step)}`,
        ).toHaveLength(1);
        if (step.uses) expect(step.uses).toMatch(/^[\w.-]+\/[\w./-]+@v\d+$/);
      }
    }
    // every ${{ expression }} is closed before the next opens
    expect(WORKFLOW_TEXT.replace(/\$\{\{[^{}]*\}\}/g, '')).not.toMatch(/\$\{\{|\}\}/);
    expect(WORKFLOW_TEXT).not.toMatch(/\t/);
  });

  it('uploads the SARIF the verify job writes, and only fork pull requests go to the offline job', () => {
    const verify = workflow.jobs.verify as Job;
    const run = verify.steps?.find((s) => s.run?.startsWith('mcpvet verify'))?.run ?? '';
    const output = /--format sarif --output (\S+)/.exec(run)?.[1];
    expect(output).toBeDefined();
    const upload = verify.steps?.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.with?.sarif_file).toBe(output);
    expect(upload?.if).toContain(`hashFiles('${output}')`);
    expect(verify.permissions?.['security-events']).toBe('write');

    const fork = workflow.jobs['verify-fork'] as Job;
    expect(verify.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    expect(fork.if).toContain('github.event.pull_request.head.repo.full_name != github.repository');
    expect(JSON.stringify(fork)).not.toContain('secrets.');
    expect(Object.values(fork.permissions ?? {})).not.toContain('write');
  });

  it('the fork job verifies offline from the lock under the base branch policy and root', () => {
    const fork = workflow.jobs['verify-fork'] as Job;
    const base = fork.steps?.find((s) => String(s.with?.ref ?? '').includes('pull_request.base.sha'));
    const path = String(base?.with?.path);
    expect(String(base?.with?.['sparse-checkout']).split('\n').filter(Boolean).sort()).toEqual([
      'mcpvet.policy.json',
      'registry-root.json',
    ]);
    const run = fork.steps?.find((s) => s.run?.startsWith('mcpvet verify'))?.run ?? '';
    expect(run).toContain('--offline --lock mcpvet.lock');
    expect(run).toContain(`--policy ${path}/mcpvet.policy.json`);
    const output = /--output (\S+)/.exec(run)?.[1];
    const artifact = fork.steps?.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(artifact?.with?.path).toBe(output);
  });

  it('the lock job runs on the default branch only and commits both files', () => {
    const lock = workflow.jobs.lock as Job;
    expect(lock.if).toContain("github.event_name != 'pull_request'");
    expect(lock.permissions).toEqual({ contents: 'write' });
    const runs = (lock.steps ?? []).map((s) => s.run ?? '');
    expect(runs).toContain('mcpvet lock --project-only');
    expect(runs.join('\n')).toContain('git add mcpvet.lock mcpvet.snapshot.json');
  });

  it("docs/ci.md's yaml blocks parse", () => {
    const blocks = [...CI_MD.matchAll(FENCE)].filter(([, lang]) => lang === 'yaml');
    expect(blocks.length).toBeGreaterThan(0);
    for (const [, , body] of blocks) expect(() => load(body as string)).not.toThrow();
  });
});
