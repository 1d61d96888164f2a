/**
 * A validator for the subset of JSON Schema 2020-12 that schemas/generic-event.schema.json uses.
 * It throws on any keyword it does not know, so the schema cannot grow past what the agreement
 * test really checks. (Not a dependency: the project validates with zod; this only reads the schema.)
 */
type Schema = Record<string, unknown>;

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'examples', 'format']);
const ASSERTIONS = new Set(['type', 'const', 'required', 'properties', 'additionalProperties', 'items', 'minLength', 'maxLength', 'pattern']);

/** Problems found in `value` against `schema`, as `path: problem` strings; empty when valid. */
export function validate(schema: Schema, value: unknown, path = '$'): string[] {
  for (const keyword of Object.keys(schema)) {
    if (!ANNOTATIONS.has(keyword) && !ASSERTIONS.has(keyword)) throw new Error(`unsupported keyword ${keyword} at ${path}`);
  }
  const errors: string[] = [];
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) errors.push(`${path}: const`);
  if (schema.type !== undefined && !hasType(value, schema.type as string)) return [...errors, `${path}: type ${String(schema.type)}`];
  if (typeof value === 'string') {
    const length = [...value].length; // JSON Schema counts code points
    if (typeof schema.minLength === 'number' && length < schema.minLength) errors.push(`${path}: minLength`);
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) errors.push(`${path}: maxLength`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) errors.push(`${path}: pattern`);
  }
  if (Array.isArray(value) && schema.items !== undefined) {
    for (const [index, item] of value.entries()) errors.push(...validate(schema.items as Schema, item, `${path}[${index}]`));
  }
  if (isObject(value)) errors.push(...validateObject(schema, value, path));
  return errors;
}

function validateObject(schema: Schema, value: Record<string, unknown>, path: string): string[] {
  const errors: string[] = [];
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  for (const key of (schema.required ?? []) as string[]) if (!(key in value)) errors.push(`${path}.${key}: required`);
  for (const [key, item] of Object.entries(value)) {
    const sub = properties[key];
    if (sub !== undefined) errors.push(...validate(sub, item, `${path}.${key}`));
    else if (schema.additionalProperties === false) errors.push(`${path}.${key}: additionalProperties`);
  }
  return errors;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      throw new Error(`unsupported type ${type}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
