import type { Command } from '../command.js';

// One line per command; each command lives in its own file beside this one.
export const COMMANDS: Command[] = [];
