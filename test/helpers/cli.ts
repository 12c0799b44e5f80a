import { PassThrough } from 'node:stream';
import { runCli } from '../../verifier/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `mcpvet <argv>` in process with its own environment and working folder, capturing both streams. */
export async function runCliCaptured(
  argv: string[],
  options: { env?: NodeJS.ProcessEnv; cwd: string },
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => {
    out += d;
  });
  stderr.on('data', (d) => {
    err += d;
  });
  const code = await runCli(argv, { stdout, stderr, env: options.env ?? {}, cwd: options.cwd });
  return { code, stdout: out, stderr: err };
}
