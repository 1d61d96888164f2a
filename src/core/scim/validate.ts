/**
 * Checks a User or Group body against attributes.ts and returns it with canonical attribute
 * names. Decided and documented (docs/scim.md § Errors): an attribute the schema does not know is
 * 400 `invalidSyntax` (the body does not conform to the request schema, RFC 7644 § 3.12); a known
 * attribute with a value of the wrong type, or a missing required one, is 400 `invalidValue`.
 * `null` and empty arrays mean "unassigned" and are dropped. Read-only attributes (`id`, `meta`,
 * `groups`) are ignored, as RFC 7643 § 2.2 asks, and so is `password` (see below). Boolean strings ("True", "false") are read as
 * booleans, because Entra sends them.
 */
import { ENTERPRISE_USER_ATTRIBUTES, GROUP_ATTRIBUTES, USER_ATTRIBUTES, findAttribute, type AttributeDef } from './attributes';
import { ScimSchema } from './constants';
import { ScimType, badRequest } from './errors';

/** A resource body without `schemas`, `id` and `meta`, with canonical names. */
export type Attributes = Record<string, unknown>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The resource types whose bodies are checked. */
export type ResourceKind = 'User' | 'Group';

const CORE_URN: Record<ResourceKind, string> = { User: ScimSchema.user, Group: ScimSchema.group };
const EXTENSIONS: Record<ResourceKind, readonly string[]> = { User: [ScimSchema.enterpriseUser], Group: [] };
/**
 * Accepted and dropped: read-only common attributes, and `password`, which Okta sends in every
 * create (a random one when password sync is off). The endpoint stores no secrets, so a password
 * is never stored, answered or logged.
 */
const COMMON_IGNORED = new Set(['id', 'meta', 'password']);

/** Checks a whole resource (POST, PUT, or the result of a PATCH) and returns its canonical attributes. */
export function canonicalResource(kind: ResourceKind, body: unknown): Attributes {
  if (!isObject(body)) throw badRequest(ScimType.invalidSyntax, `a ${kind} must be a JSON object`);
  const out: Attributes = {};
  const core = kind === 'User' ? USER_ATTRIBUTES : GROUP_ATTRIBUTES;
  for (const [key, value] of Object.entries(body)) {
    const lower = key.toLowerCase();
    if (lower === 'schemas') {
      checkSchemas(kind, value);
      continue;
    }
    if (COMMON_IGNORED.has(lower)) continue;
    if (lower === 'externalid') {
      if (value === null) continue;
      if (typeof value !== 'string') throw badRequest(ScimType.invalidValue, 'externalId must be a string');
      out.externalId = value;
      continue;
    }
    if (lower === ScimSchema.enterpriseUser.toLowerCase() && kind === 'User') {
      if (value === null) continue;
      if (!isObject(value)) throw badRequest(ScimType.invalidValue, `${ScimSchema.enterpriseUser} must be an object`);
      const extension = canonicalComplex(ENTERPRISE_USER_ATTRIBUTES, value, ScimSchema.enterpriseUser);
      if (Object.keys(extension).length > 0) out[ScimSchema.enterpriseUser] = extension;
      continue;
    }
    const def = findAttribute(core, key);
    if (!def) throw badRequest(ScimType.invalidSyntax, `unknown attribute "${key}" for a ${kind}`);
    if (def.mutability === 'readOnly') continue;
    const canonical = canonicalValue(def, value, def.name);
    if (canonical !== undefined) out[def.name] = canonical;
  }
  for (const def of core) {
    if (def.required && (typeof out[def.name] !== 'string' || (out[def.name] as string).trim() === '')) throw badRequest(ScimType.invalidValue, `${def.name} is required`);
  }
  return out;
}

function checkSchemas(kind: ResourceKind, value: unknown): void {
  if (!Array.isArray(value) || !value.every((s) => typeof s === 'string')) throw badRequest(ScimType.invalidSyntax, 'schemas must be an array of URNs');
  const known = [CORE_URN[kind], ...EXTENSIONS[kind]].map((s) => s.toLowerCase());
  const unknown = value.find((s: string) => !known.includes(s.toLowerCase()));
  if (unknown !== undefined) throw badRequest(ScimType.invalidSyntax, `unknown schema "${unknown}" for a ${kind}`);
}

/** A value checked against its definition; undefined for unassigned. */
export function canonicalValue(def: AttributeDef, value: unknown, path: string): unknown {
  if (value === null || value === undefined) return undefined;
  if (def.multiValued) {
    if (!Array.isArray(value)) throw badRequest(ScimType.invalidValue, `${path} must be an array`);
    const items = value.map((item) => canonicalSingle(def, item, path)).filter((item) => item !== undefined);
    return items.length === 0 ? undefined : items;
  }
  return canonicalSingle(def, value, path);
}

function canonicalSingle(def: AttributeDef, value: unknown, path: string): unknown {
  if (value === null || value === undefined) return undefined;
  switch (def.type) {
    case 'boolean':
      return toBoolean(value, path);
    case 'complex': {
      // Entra sends a manager as its id alone, or as a one-element array; both mean `{ value }`.
      if (typeof value === 'string' && !def.multiValued && def.subAttributes?.some((d) => d.name === 'value')) return { value };
      if (Array.isArray(value) && value.length === 1 && !def.multiValued) return canonicalSingle(def, value[0], path);
      if (!isObject(value)) throw badRequest(ScimType.invalidValue, `${path} must be an object`);
      const out = canonicalComplex(def.subAttributes ?? [], value, path);
      return Object.keys(out).length === 0 ? undefined : out;
    }
    default:
      if (typeof value !== 'string') throw badRequest(ScimType.invalidValue, `${path} must be a string`);
      return value;
  }
}

function canonicalComplex(defs: readonly AttributeDef[], value: Record<string, unknown>, path: string): Attributes {
  const out: Attributes = {};
  for (const [key, sub] of Object.entries(value)) {
    const def = findAttribute(defs, key);
    if (!def) throw badRequest(ScimType.invalidSyntax, `unknown attribute "${path}.${key}"`);
    const canonical = canonicalValue(def, sub, `${path}.${def.name}`);
    if (canonical !== undefined) out[def.name] = canonical;
  }
  return out;
}

/** A boolean, or Entra's "True"/"False" (any case). */
export function toBoolean(value: unknown, path: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  throw badRequest(ScimType.invalidValue, `${path} must be a boolean`);
}
