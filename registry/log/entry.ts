import type { Schema } from '@cfworker/json-schema';
import logEntrySchema from '../../schemas/log-entry.schema.json' with { type: 'json' };
import { RegistryError } from '../errors/index.js';
import { equalBytes } from '../records/bytes.js';
import { registerSchema, toCanonicalJson, type ValidationResult, validateRecord } from '../records/index.js';
import type { LogEntry } from '../records/types.generated.js';
import { hashLeaf } from './hash.js';

registerSchema('log-entry', logEntrySchema as unknown as Schema);

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function validateLogEntry(value: unknown): ValidationResult<LogEntry> {
  return validateRecord<LogEntry>('log-entry', value);
}

/** The leaf bytes of an event: UTF-8 of its RFC 8785 canonical JSON, after schema validation. */
export function encodeLogEntry(entry: LogEntry): Uint8Array {
  const result = validateLogEntry(entry);
  if (!result.ok) {
    throw new RegistryError('invalid_record', `log entry is invalid (${result.issues.length} issue(s))`, {
      details: { issues: result.issues },
    });
  }
  return encoder.encode(toCanonicalJson(entry));
}

/**
 * Parse leaf bytes back into an entry. Bytes that are not the canonical form of a valid entry are
 * rejected: two encodings of one event would let a log show different bytes for the same leaf story.
 */
export function decodeLogEntry(bytes: Uint8Array): LogEntry {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(bytes));
  } catch (error) {
    throw new RegistryError('invalid_json', 'log entry is not UTF-8 JSON', { cause: error });
  }
  const entry = validateLogEntry(value);
  if (!entry.ok) {
    throw new RegistryError('invalid_record', 'log entry does not match the log entry schema', {
      details: { issues: entry.issues },
    });
  }
  if (!equalBytes(encoder.encode(toCanonicalJson(entry.value)), bytes)) {
    throw new RegistryError('invalid_record', 'log entry is not in RFC 8785 canonical form');
  }
  return entry.value;
}

/** Leaf hash of an event: SHA-256(0x00 ‖ canonical JSON). */
export function hashLogEntry(entry: LogEntry): Promise<Uint8Array> {
  return hashLeaf(encodeLogEntry(entry));
}
