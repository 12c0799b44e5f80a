import type { GatedKind } from './guard.js';

/** JSON-RPC error code of a refused request (implementation-defined server error range). */
export const GATE_ERROR_CODE = -32003;

/** One gate decision: written to stderr as one JSON line. */
export interface GateDecision {
  event: string;
  decision: 'allow' | 'deny' | 'filter' | 'replace' | 'info';
  kind?: GatedKind;
  name?: string;
  reason?: string;
  message?: string;
  [key: string]: unknown;
}
