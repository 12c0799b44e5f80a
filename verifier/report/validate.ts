import type { Schema } from '@cfworker/json-schema';
import { registerSchema, type ValidationResult, validateRecord } from '../../registry/records/index.js';
import type { Report } from '../../registry/records/types.generated.js';
import reportSchema from '../../schemas/report.schema.json' with { type: 'json' };

registerSchema('report', reportSchema as Schema);

/** Check a report against schemas/report.schema.json (what --format json promises). */
export function validateReport(value: unknown): ValidationResult<Report> {
  return validateRecord<Report>('report', value);
}
