import { type ChildProcess, spawn } from 'node:child_process';

/** Why a server process stopped being usable; each maps to its own result code. */
export type ProcessFailure =
  | { code: 'server_failed'; message: string; exit?: { code: number | null; signal: string | null } }
  | { code: 'protocol_error'; message: string; line?: string };

export interface ServerProcessOptions {
  command: string;
  args?: string[];
  env: Record<string, string>;
  cwd?: string;
  /** Largest accepted stdout line (one JSON-RPC message), bytes. */
  maxMessageBytes?: number;
  /** How much stderr to keep (the most recent bytes), bytes. */
  maxStderrBytes?: number;
  /** Each complete stdout line, parsed. Called only for JSON values. */
  onMessage: (message: unknown, line: string) => void;
  /** A stdout line that is not JSON, or is too long. The process keeps running. */
  onProtocolError?: (failure: Extract<ProcessFailure, { code: 'protocol_error' }>) => void;
  /** Each complete stderr line (for relaying); lines are cut at maxLineBytes. */
  onStderrLine?: (line: string) => void;
  onExit?: (exit: { code: number | null; signal: string | null }) => void;
  onSpawnError?: (error: Error) => void;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
export const DEFAULT_MAX_STDERR_BYTES = 64 * 1024;
const MAX_STDERR_LINE = 8 * 1024;

/**
 * Splits a byte stream into lines without ever holding more than `max` bytes of one line: an overlong
 * line is reported once and skipped up to its newline, so a server cannot make us buffer without bound.
 */
export class LineSplitter {
  private chunks: Buffer[] = [];
  private size = 0;
  private skipping = false;

  constructor(
    private readonly max: number,
    private readonly onLine: (line: string) => void,
    private readonly onOverflow: (bytes: number) => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl < 0 ? chunk.length : nl;
      if (!this.skipping) {
        const piece = chunk.subarray(start, end);
        if (this.size + piece.length > this.max) {
          this.onOverflow(this.size + piece.length);
          this.chunks = [];
          this.size = 0;
          this.skipping = true;
        } else {
          this.chunks.push(piece);
          this.size += piece.length;
        }
      }
      if (nl < 0) return;
      if (!this.skipping) {
        const line = Buffer.concat(this.chunks, this.size).toString('utf8').replace(/\r$/, '');
        this.chunks = [];
        this.size = 0;
        if (line.trim() !== '') this.onLine(line);
      }
      this.skipping = false;
      start = nl + 1;
    }
  }

  /** The unterminated rest, if any (a process that exits without a final newline). */
  flush(): void {
    if (!this.skipping && this.size > 0) {
      const line = Buffer.concat(this.chunks, this.size).toString('utf8');
      if (line.trim() !== '') this.onLine(line);
    }
    this.chunks = [];
    this.size = 0;
    this.skipping = false;
  }
}

/** The most recent `max` bytes of a stream, and whether anything older was dropped. */
export class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  truncated = false;

  constructor(private readonly max: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.max && this.chunks.length > 0) {
      const first = this.chunks[0] as Buffer;
      const excess = this.size - this.max;
      this.truncated = true;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
      }
    }
  }

  text(): string {
    return Buffer.concat(this.chunks, this.size).toString('utf8');
  }
}

/**
 * A server child process in its own process group (so `stop` reaches whatever it spawned: `npx` runs
 * a shell that runs node …), stdin/stdout carrying newline-delimited JSON-RPC, stderr kept bounded.
 */
export class ServerProcess {
  readonly child: ChildProcess;
  readonly stderr: TailBuffer;
  private exited = false;
  private readonly exitPromise: Promise<void>;

  constructor(options: ServerProcessOptions) {
    const maxMessage = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.stderr = new TailBuffer(options.maxStderrBytes ?? DEFAULT_MAX_STDERR_BYTES);
    this.child = spawn(options.command, options.args ?? [], {
      env: options.env,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      shell: false,
      windowsHide: true,
    });
    let resolveExit: () => void = () => {};
    this.exitPromise = new Promise((resolve) => {
      resolveExit = resolve;
    });
    const stdoutLines = new LineSplitter(
      maxMessage,
      (line) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(line);
        } catch {
          options.onProtocolError?.({
            code: 'protocol_error',
            message: 'server wrote a line to stdout that is not JSON',
            line: line.slice(0, 512),
          });
          return;
        }
        options.onMessage(parsed, line);
      },
      (bytes) =>
        options.onProtocolError?.({
          code: 'protocol_error',
          message: `server sent a message larger than ${maxMessage} bytes (${bytes}+ bytes)`,
        }),
    );
    const stderrLines = options.onStderrLine
      ? new LineSplitter(MAX_STDERR_LINE, options.onStderrLine, () => {})
      : undefined;
    this.child.stdout?.on('data', (chunk: Buffer) => stdoutLines.push(chunk));
    this.child.stdout?.on('end', () => stdoutLines.flush());
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr.push(chunk);
      stderrLines?.push(chunk);
    });
    // EPIPE when the server is gone: reported through the exit, not as an unhandled error
    this.child.stdin?.on('error', () => {});
    this.child.stdout?.on('error', () => {});
    this.child.stderr?.on('error', () => {});
    this.child.on('error', (error) => {
      this.exited = true;
      resolveExit();
      options.onSpawnError?.(error);
    });
    this.child.on('close', (code, signal) => {
      this.exited = true;
      stderrLines?.flush();
      resolveExit();
      options.onExit?.({ code, signal });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get hasExited(): boolean {
    return this.exited;
  }

  /** Write one message; false when the process can no longer take input. */
  send(message: unknown): boolean {
    return this.sendLine(JSON.stringify(message));
  }

  sendLine(line: string): boolean {
    const stdin = this.child.stdin;
    if (this.exited || !stdin || stdin.destroyed || !stdin.writable) return false;
    stdin.write(`${line}\n`);
    return true;
  }

  private signalGroup(signal: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      if (process.platform === 'win32') this.child.kill(signal);
      else process.kill(-pid, signal);
    } catch {
      // already gone
    }
  }

  /**
   * Close stdin, then SIGTERM the whole group, then SIGKILL it: bounded by `graceMs` per step, so
   * stopping never hangs on a server that ignores signals. The group is signalled even after the
   * direct child exited, since grandchildren may outlive it.
   */
  async stop(graceMs = 500): Promise<void> {
    try {
      this.child.stdin?.end();
    } catch {
      // ignore
    }
    const waitExit = (ms: number) =>
      Promise.race([this.exitPromise, new Promise<void>((r) => setTimeout(r, ms).unref())]);
    if (!this.exited) await waitExit(Math.min(graceMs, 100));
    this.signalGroup('SIGTERM');
    if (!this.exited) await waitExit(graceMs);
    this.signalGroup('SIGKILL');
    if (!this.exited) await waitExit(graceMs);
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
  }
}
