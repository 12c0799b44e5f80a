import type { Command } from '../command.js';
import { assessCommand } from './assess.js';
import { bundleCommand } from './bundle.js';
import { captureCommand } from './capture.js';
import { diffCommand } from './diff.js';
import { execCommand } from './exec.js';
import { importCommand } from './import.js';
import { keysCommand } from './keys.js';
import { lockCommand } from './lock.js';
import { logCommand } from './log.js';
import { policyCommand } from './policy.js';
import { publishCommand } from './publish.js';
import { scanCommand } from './scan.js';
import { serveCommand } from './serve.js';
import { statusCommand } from './status.js';
import { storeCommand } from './store.js';
import { tokenCommand } from './token.js';
import { trustCommand } from './trust.js';
import { verifyCommand } from './verify.js';

// One line per command; each command lives in its own file beside this one.
export const COMMANDS: Command[] = [
  serveCommand,
  publishCommand,
  statusCommand,
  tokenCommand,
  bundleCommand,
  importCommand,
  policyCommand,
  storeCommand,
  keysCommand,
  captureCommand,
  diffCommand,
  execCommand,
  scanCommand,
  verifyCommand,
  lockCommand,
  trustCommand,
  logCommand,
  assessCommand,
];
