import type { Capabilities, Severity } from '../../registry/records/index.js';

export type CaptureTarget =
  | {
      transport: 'stdio';
      command: string;
      args?: string[];
      /** Variables the server's entry declares, with their values; nothing else is inherited but essentials. */
      env?: Record<string, string>;
      cwd?: string;
      /** The caller's name for the target (config entry name …), echoed in the result. */
      id?: string;
    }
  | {
      transport: 'streamable-http' | 'sse';
      url: string;
      headers?: Record<string, string>;
      id?: string;
    };

export interface CaptureOptions {
  /** Whole-capture deadline: spawn, initialize and every list call. Default 15 000. */
  timeoutMs?: number;
  /** Items kept per kind; more are dropped with a `capture_capped` finding. Default 2 000. */
  maxItems?: number;
  /** Pages followed per kind. Default 200. */
  maxPages?: number;
  /** Largest single message (stdio line) or HTTP response body. Default 8 MiB. */
  maxMessageBytes?: number;
  /** Server stderr kept (most recent bytes). Default 64 KiB. */
  maxStderrBytes?: number;
  /** Where essentials (PATH, HOME …) are taken from. Default process.env. */
  baseEnv?: NodeJS.ProcessEnv;
  /** The capture time written into the document (tests pin it). Default now. */
  now?: () => Date;
}

export type CaptureErrorCode = 'server_failed' | 'timeout' | 'protocol_error';

/** Something worth knowing about a capture that still produced a document. */
export interface CaptureFinding {
  code: 'capture_capped' | 'pagination_loop' | 'list_changed_during_capture' | 'list_failed';
  severity: Severity;
  message: string;
  evidence: Record<string, unknown>;
}

export interface CaptureResult {
  target: CaptureTarget;
  ok: boolean;
  /** The validated capabilities document with its surface fingerprint (when ok). */
  capabilities?: Capabilities;
  /** Why it failed (when not ok): one code per failure mode. */
  error?: { code: CaptureErrorCode; message: string; evidence?: Record<string, unknown> };
  findings: CaptureFinding[];
  /** The server's stderr (stdio only; the most recent bytes). */
  stderr: string;
  stderrTruncated: boolean;
  exit?: { code: number | null; signal: string | null };
  durationMs: number;
}
