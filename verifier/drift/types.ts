import type { ItemKind } from '../../registry/fingerprint/index.js';
import type { Severity } from '../../registry/records/index.js';

export type DriftCode =
  | 'tool_added'
  | 'tool_removed'
  | 'tool_duplicated'
  | 'tool_description_changed'
  | 'tool_title_changed'
  | 'tool_input_schema_changed'
  | 'tool_output_schema_changed'
  | 'tool_annotations_changed'
  | 'tool_changed'
  | 'prompt_added'
  | 'prompt_removed'
  | 'prompt_duplicated'
  | 'prompt_changed'
  | 'resource_added'
  | 'resource_removed'
  | 'resource_duplicated'
  | 'resource_changed'
  | 'resource_template_added'
  | 'resource_template_removed'
  | 'resource_template_duplicated'
  | 'resource_template_changed'
  | 'instructions_added'
  | 'instructions_changed'
  | 'instructions_removed'
  | 'server_capability_added'
  | 'server_capability_removed'
  | 'server_capability_changed';

/** How one schema change moves the set of accepted values. */
export type SchemaEffect = 'widens' | 'narrows' | 'changes';

export type SchemaChangeKind =
  | 'property_added'
  | 'property_removed'
  | 'required_added'
  | 'required_removed'
  | 'constraint_loosened'
  | 'constraint_tightened'
  | 'constraint_changed'
  | 'enum_removed'
  | 'enum_added'
  | 'enum_values_added'
  | 'enum_values_removed'
  | 'type_widened'
  | 'type_narrowed'
  | 'type_changed'
  | 'additional_properties_allowed'
  | 'additional_properties_restricted'
  | 'branch_added'
  | 'branch_removed'
  | 'text_changed'
  | 'keyword_changed'
  | 'schema_replaced';

/** One difference between two JSON Schemas, at a JSON Pointer into the schema. */
export interface SchemaChange {
  path: string;
  change: SchemaChangeKind;
  effect: SchemaEffect;
  before?: unknown;
  after?: unknown;
}

/** What changed in a text: the differing middle, with the common start and end cut to context. */
export interface TextChange {
  before: string;
  after: string;
  removed: string;
  added: string;
  /** Offset (UTF-16 code units) where the two texts start to differ. */
  at: number;
}

export interface AnnotationChange {
  hint: string;
  before: unknown;
  after: unknown;
  /** The value a client assumes when the hint is absent (MCP defaults), for the four behaviour hints. */
  effectiveBefore?: boolean;
  effectiveAfter?: boolean;
}

export interface DriftEvidence {
  /** The changed field or capability (description, inputSchema, capabilities.sampling …). */
  field?: string;
  before?: unknown;
  after?: unknown;
  text?: TextChange;
  /** Whether a schema change accepts values the declared schema did not. */
  widened?: boolean;
  changes?: SchemaChange[];
  annotations?: AnnotationChange[];
  fields?: string[];
  fingerprintBefore?: string;
  fingerprintAfter?: string;
}

/** One difference between a declared (vetted) surface and an observed one. */
export interface DriftItem {
  code: DriftCode;
  severity: Severity;
  kind: ItemKind | 'server';
  /** The item's key (tool name, resource URI …) or, for the server, the field. */
  name: string;
  message: string;
  evidence: DriftEvidence;
}
