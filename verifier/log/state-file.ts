import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { VerifierError } from '../errors/index.js';
import { emptyLogViewState, type LogViewState, parseLogViewState } from './state.js';

/** Where the log view lives; injected so callers (and tests) choose the file or keep it in memory. */
export interface LogStateStore {
  read(): Promise<LogViewState>;
  write(state: LogViewState): Promise<void>;
}

/**
 * A JSON file at `path`. A missing file is an empty view (first use); an unreadable or foreign one is
 * an error rather than a silent reset, because resetting would forget the checkpoint a fork is judged by.
 */
export function fileLogStateStore(path: string): LogStateStore {
  return {
    async read() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyLogViewState();
        throw new VerifierError('io_error', `cannot read the log state file ${path}`, { cause: error });
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new VerifierError('config_invalid', `log state file ${path} is not JSON`, { cause: error });
      }
      const state = parseLogViewState(json);
      if (!state) throw new VerifierError('config_invalid', `log state file ${path} has an unknown shape`);
      return state;
    },
    async write(state) {
      try {
        await mkdir(dirname(path), { recursive: true });
        // write-then-rename so a crash never leaves a half-written view behind
        const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
        await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
        await rename(temp, path);
      } catch (error) {
        throw new VerifierError('io_error', `cannot write the log state file ${path}`, { cause: error });
      }
    },
  };
}

/** An in-memory store, for callers that keep the view elsewhere. */
export function memoryLogStateStore(initial: LogViewState = emptyLogViewState()): LogStateStore {
  let current = structuredClone(initial);
  return {
    read: async () => structuredClone(current),
    write: async (state) => {
      current = structuredClone(state);
    },
  };
}
