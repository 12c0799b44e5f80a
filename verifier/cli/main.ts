#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { isRegistryError } from '../../registry/errors/index.js';
import { isVerifierError } from '../errors/index.js';
import type { CliIO, Command } from './command.js';
import { COMMANDS } from './commands/index.js';

function renderHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'mcpvet: a supply-chain registry and verifier for MCP servers',
    '',
    'usage: mcpvet <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    'exit codes: 0 pass, 1 policy violations, 2 usage or config error, 3 trust could not be established',
    "run 'mcpvet <command> --help' for a command's options",
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${renderHelp()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    io.stdout.write('mcpvet 0.1.0\n');
    return 0;
  }
  const command: Command | undefined = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`mcpvet: unknown command '${name}'\n\n${renderHelp()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    if (!(rest.includes('--') && rest.indexOf('--') < Math.max(rest.indexOf('--help'), rest.indexOf('-h')))) {
      io.stdout.write(`${command.summary}\n\nusage: ${command.usage}\n`);
      return 0;
    }
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (isVerifierError(error)) {
      io.stderr.write(`mcpvet ${name}: error [${error.code}] ${error.message}\n`);
      return error.exitCode;
    }
    if (isRegistryError(error)) {
      io.stderr.write(`mcpvet ${name}: error [${error.code}] ${error.message}\n`);
      return 2;
    }
    io.stderr.write(`mcpvet ${name}: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 2;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
}

const invokedDirectly = isEntryPoint();
if (invokedDirectly || process.env.MCPVET_CLI_MAIN === '1') {
  const code = await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  });
  // serve keeps running; every other command ends with its code
  if (code !== -1) process.exitCode = code;
}
