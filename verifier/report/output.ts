import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { VerifierError } from '../errors/index.js';

/** Colour only on a terminal, never with NO_COLOR, always with FORCE_COLOR (https://no-color.org). */
export function useColor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** Write the rendered report to --output FILE, or to stdout. */
export async function writeOutput(
  text: string,
  output: string | undefined,
  cwd: string,
  stdout: NodeJS.WritableStream,
): Promise<void> {
  if (!output) {
    stdout.write(text);
    return;
  }
  const path = resolve(cwd, output);
  try {
    await writeFile(path, text);
  } catch (error) {
    throw new VerifierError('io_error', `cannot write ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
