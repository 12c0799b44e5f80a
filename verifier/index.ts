export type { CliIO, Command } from './cli/command.js';
export { runCli } from './cli/main.js';
export { EXIT_CODES, isVerifierError, VerifierError, type VerifierErrorCode } from './errors/index.js';
