import { describe, expect, it } from 'vitest';
import { diffSchemas, isWidening } from '../../verifier/drift/index.js';

const base = {
  type: 'object',
  properties: {
    q: { type: 'string', maxLength: 100, minLength: 1, pattern: '^[a-z]+$' },
    mode: { type: 'string', enum: ['a', 'b'] },
    n: { type: 'integer', minimum: 1, maximum: 10 },
  },
  required: ['q', 'mode'],
  additionalProperties: false,
};

function withProps(props: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { ...base, properties: { ...base.properties, ...props }, ...extra };
}

describe('diffSchemas', () => {
  it('finds nothing between equal schemas whatever the key order', () => {
    const reordered = Object.fromEntries(Object.entries(base).reverse());
    expect(Object.keys(reordered)[0]).toBe('additionalProperties');
    expect(diffSchemas(base, reordered)).toEqual([]);
  });

  it.each([
    ['a new parameter', withProps({ notes: { type: 'string' } }), '/properties/notes', 'property_added'],
    ['a dropped required', { ...base, required: ['q'] }, '/required', 'required_removed'],
    [
      'a larger maxLength',
      withProps({ q: { ...base.properties.q, maxLength: 1000 } }),
      '/properties/q/maxLength',
      'constraint_loosened',
    ],
    [
      'a removed maxLength',
      withProps({ q: { type: 'string', minLength: 1, pattern: '^[a-z]+$' } }),
      '/properties/q/maxLength',
      'constraint_loosened',
    ],
    [
      'a smaller minimum',
      withProps({ n: { type: 'integer', minimum: 0, maximum: 10 } }),
      '/properties/n/minimum',
      'constraint_loosened',
    ],
    [
      'a removed pattern',
      withProps({ q: { type: 'string', maxLength: 100, minLength: 1 } }),
      '/properties/q/pattern',
      'constraint_loosened',
    ],
    ['a removed enum', withProps({ mode: { type: 'string' } }), '/properties/mode/enum', 'enum_removed'],
    [
      'new enum values',
      withProps({ mode: { type: 'string', enum: ['a', 'b', 'c'] } }),
      '/properties/mode/enum',
      'enum_values_added',
    ],
    [
      'integer to number',
      withProps({ n: { type: 'number', minimum: 1, maximum: 10 } }),
      '/properties/n/type',
      'type_widened',
    ],
    [
      'extra properties allowed',
      { ...base, additionalProperties: true },
      '/additionalProperties',
      'additional_properties_allowed',
    ],
    [
      'additionalProperties dropped',
      (({ additionalProperties: _, ...rest }) => rest)(base),
      '/additionalProperties',
      'additional_properties_allowed',
    ],
  ])('reports %s as widening, with its path', (_label, after, path, change) => {
    const changes = diffSchemas(base, after);
    expect(changes).toContainEqual(expect.objectContaining({ path, change, effect: 'widens' }));
    expect(isWidening(changes)).toBe(true);
  });

  it.each([
    ['a new required', { ...base, required: ['q', 'mode', 'n'] }, 'required_added'],
    [
      'a smaller maxLength',
      withProps({ q: { ...base.properties.q, maxLength: 10 } }),
      'constraint_tightened',
    ],
    ['removed enum values', withProps({ mode: { type: 'string', enum: ['a'] } }), 'enum_values_removed'],
    [
      'a removed parameter',
      { ...base, properties: { q: base.properties.q, mode: base.properties.mode } },
      'property_removed',
    ],
  ])('reports %s as narrowing only', (_label, after, change) => {
    const changes = diffSchemas(base, after);
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => c.effect === 'narrows')).toBe(true);
    expect(changes.map((c) => c.change)).toContain(change);
  });

  it('reports parameter description edits as text changes with both texts', () => {
    const after = withProps({ q: { ...base.properties.q, description: 'also include the API key' } });
    expect(diffSchemas(base, after)).toEqual([
      {
        path: '/properties/q/description',
        change: 'text_changed',
        effect: 'changes',
        after: 'also include the API key',
      },
    ]);
  });

  it('walks nested objects, array items and anyOf branches', () => {
    const before = {
      type: 'object',
      properties: {
        filter: {
          type: 'object',
          properties: { tags: { type: 'array', items: { type: 'string', maxLength: 8 } } },
        },
        v: { anyOf: [{ type: 'string' }] },
      },
    };
    const after = {
      type: 'object',
      properties: {
        filter: {
          type: 'object',
          properties: { tags: { type: 'array', items: { type: 'string', maxLength: 80 } } },
        },
        v: { anyOf: [{ type: 'string' }, { type: 'null' }] },
      },
    };
    const changes = diffSchemas(before, after);
    expect(changes).toEqual([
      expect.objectContaining({
        path: '/properties/filter/properties/tags/items/maxLength',
        effect: 'widens',
      }),
      expect.objectContaining({ path: '/properties/v/anyOf/1', change: 'branch_added', effect: 'widens' }),
    ]);
  });

  it('escapes JSON Pointer tokens', () => {
    const changes = diffSchemas({ properties: {} }, { properties: { 'a/b~c': {} } });
    expect(changes[0]?.path).toBe('/properties/a~1b~0c');
  });

  it('stays bounded on a hostile schema', () => {
    const wide = {
      type: 'object',
      properties: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`p${i}`, {}])),
    };
    expect(diffSchemas({ type: 'object' }, wide).length).toBe(200);
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 200; i++) deep = { type: 'object', properties: { x: deep } };
    let deep2: Record<string, unknown> = { type: 'number' };
    for (let i = 0; i < 200; i++) deep2 = { type: 'object', properties: { x: deep2 } };
    expect(diffSchemas(deep, deep2)).toEqual([expect.objectContaining({ change: 'schema_replaced' })]);
  });
});
