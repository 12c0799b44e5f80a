import { type ParseArgsConfig, parseArgs } from 'node:util';
import { VerifierError } from '../errors/index.js';

/** What a command may touch: injected so tests run commands in process with their own streams. */
export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin?: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Returns the exit code; throws VerifierError for usage, config and trust failures. */
  run(argv: string[], io: CliIO): Promise<number>;
}

/** parseArgs with unknown flags and bad values turned into a usage error (exit 2) naming the command. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  command: Pick<Command, 'name' | 'usage'>,
  argv: string[],
  options: T,
  allowPositionals = true,
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    throw new VerifierError(
      'usage',
      `${command.name}: ${(error as Error).message}\nusage: ${command.usage}`,
      {
        cause: error,
      },
    );
  }
}

export function writeLine(stream: NodeJS.WritableStream, text = ''): void {
  stream.write(`${text}\n`);
}
