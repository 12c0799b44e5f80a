export { type CaptureAllOptions, captureAll } from './all.js';
export { CLIENT_INFO, captureServer, DEFAULT_CAPTURE_TIMEOUT_MS, DEFAULT_MAX_ITEMS } from './capture.js';
export { ESSENTIAL_ENV_VARS, pickEnvironment, toServerEnvironment } from './env.js';
export {
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_MAX_STDERR_BYTES,
  LineSplitter,
  type ProcessFailure,
  ServerProcess,
  type ServerProcessOptions,
  TailBuffer,
} from './process.js';
export type {
  CaptureErrorCode,
  CaptureFinding,
  CaptureOptions,
  CaptureResult,
  CaptureTarget,
} from './types.js';
