/**
 * The normalising layer in front of scim-patch. It turns every PATCH form the IdPs send into plain
 * RFC 7644 § 3.5.2 operations with lower-case ops, one attribute per operation and canonical
 * attribute names:
 * - Entra's default form: `"Replace"`, `"Add"`, `"Remove"` (Microsoft: match ops ignoring case);
 *   booleans as "True"/"False" are read by the body check afterwards (validate.ts).
 * - Entra's `aadOptscim062020` form: a path-less `replace` whose value has dotted keys
 *   (`"name.givenName"`), value-filter keys and full URN keys; split into one operation per key,
 *   which scim-patch handles (its own path-less handling would write `emails[type eq "work"]` as a
 *   literal key).
 * - Okta's path-less `{"op":"replace","value":{"active":false}}`.
 */
import { SCIM_LIMITS, ScimSchema } from './constants';
import { ScimType, badRequest, ScimError } from './errors';
import { SCHEMA_ATTRIBUTES, findAttribute } from './attributes';
import type { ResourceKind } from './validate';

/** One normalised operation. */
export type PatchOp = { readonly op: 'add' | 'replace' | 'remove'; readonly path?: string; readonly value?: unknown };

const OPS = new Set(['add', 'replace', 'remove']);
const READ_ONLY = new Set(['id', 'meta', 'groups', 'schemas']);
const IGNORED_KEYS = new Set(['id', 'meta', 'schemas', 'password']);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const CORE: Record<ResourceKind, string> = { User: ScimSchema.user, Group: ScimSchema.group };
const EXTENSIONS: Record<ResourceKind, readonly string[]> = { User: [ScimSchema.enterpriseUser], Group: [] };

/** The operations of a PATCH body, normalised; throws 400 with the RFC's `scimType`. */
export function patchOperations(kind: ResourceKind, body: unknown): PatchOp[] {
  if (!isObject(body)) throw badRequest(ScimType.invalidSyntax, 'a PATCH body must be a JSON object');
  const schemas = body.schemas;
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === ScimSchema.patchOp.toLowerCase())) {
    throw badRequest(ScimType.invalidSyntax, `schemas must contain ${ScimSchema.patchOp}`);
  }
  const operations = body.Operations ?? body.operations;
  if (!Array.isArray(operations) || operations.length === 0) throw badRequest(ScimType.invalidSyntax, 'Operations must be a non-empty array');
  if (operations.length > SCIM_LIMITS.maxPatchOperations) throw badRequest(ScimType.tooMany, `at most ${SCIM_LIMITS.maxPatchOperations} operations per PATCH`);
  return operations.flatMap((operation, index) => normalise(kind, operation, index));
}

function normalise(kind: ResourceKind, operation: unknown, index: number): PatchOp[] {
  if (!isObject(operation)) throw badRequest(ScimType.invalidSyntax, `Operations[${index}] must be an object`);
  const op = typeof operation.op === 'string' ? operation.op.toLowerCase() : undefined;
  if (!op || !OPS.has(op)) throw badRequest(ScimType.invalidSyntax, `Operations[${index}].op must be add, replace or remove`);
  const path = operation.path;
  if (path !== undefined && path !== null && (typeof path !== 'string' || path.trim() === '')) throw badRequest(ScimType.invalidPath, `Operations[${index}].path must be a string`);
  const typedOp = op as PatchOp['op'];
  // A password is accepted and dropped, as in a body (validate.ts).
  if (typeof path === 'string' && path.trim().toLowerCase() === 'password') return [];
  if (typeof path === 'string') {
    if (typedOp !== 'remove' && !('value' in operation)) throw badRequest(ScimType.invalidValue, `Operations[${index}] needs a value`);
    const canonical = canonicalPath(kind, path.trim());
    return [{ op: typedOp, path: canonical, ...('value' in operation ? { value: singleComplex(kind, canonical, operation.value) } : {}) }];
  }
  if (typedOp === 'remove') throw badRequest(ScimType.noTarget, `Operations[${index}]: remove needs a path`);
  if (!isObject(operation.value)) throw badRequest(ScimType.invalidValue, `Operations[${index}]: a path-less ${typedOp} needs an object value`);
  return Object.entries(operation.value).flatMap(([key, value]) => {
    // Read-only keys in a path-less value (Entra sends the group's `id`) are ignored, as RFC 7643 § 2.2 says for read-only attributes.
    if (IGNORED_KEYS.has(key.toLowerCase())) return [];
    const extension = EXTENSIONS[kind].find((urn) => urn.toLowerCase() === key.toLowerCase());
    // A whole extension object: one operation per extension attribute (`urn:…:User:department`).
    if (extension && isObject(value)) return Object.entries(value).map(([sub, v]) => ({ op: typedOp, path: canonicalPath(kind, `${extension}:${sub}`), value: v }));
    const canonical = canonicalPath(kind, key);
    return [{ op: typedOp, path: canonical, value: singleComplex(kind, canonical, value) }];
  });
}

/**
 * The path with canonical attribute names, after checking that it names a writable attribute:
 * `attr`, `attr.sub`, `attr[filter]`, `attr[filter].sub`, each optionally behind a schema URN.
 * An unknown attribute is 400 `invalidPath`; a read-only one 400 `mutability`.
 */
export function canonicalPath(kind: ResourceKind, path: string): string {
  const { urn, rest } = splitUrn(kind, path);
  const match = /^([A-Za-z$][\w$-]*)(\[[^\]]*\])?(?:\.([A-Za-z$][\w$-]*))?$/.exec(rest);
  if (!match) throw badRequest(ScimType.invalidPath, `path "${path}" is not supported`);
  const [, name, filter = '', sub] = match;
  if (urn === CORE[kind] && READ_ONLY.has(name.toLowerCase())) throw new ScimError(400, `${name} is read-only`, { scimType: ScimType.mutability });
  if (urn === CORE[kind] && name.toLowerCase() === 'externalid' && !filter && !sub) return 'externalId';
  const def = findAttribute(SCHEMA_ATTRIBUTES[urn] ?? [], name);
  if (!def) throw badRequest(ScimType.invalidPath, `unknown attribute in path "${path}"`);
  if (def.mutability === 'readOnly') throw new ScimError(400, `${def.name} is read-only`, { scimType: ScimType.mutability });
  if (filter && !def.multiValued) throw badRequest(ScimType.invalidPath, `${def.name} is not multi-valued`);
  let subName = '';
  if (sub !== undefined) {
    const subDef = findAttribute(def.subAttributes ?? [], sub);
    if (!subDef) throw badRequest(ScimType.invalidPath, `unknown attribute in path "${path}"`);
    subName = `.${subDef.name}`;
  }
  const prefix = urn === CORE[kind] ? '' : `${urn}:`;
  return `${prefix}${def.name}${filter}${subName}`;
}

/**
 * Entra sends a single-valued complex attribute (the manager) as its id, or as a one-element
 * array; scim-patch would merge either into the object key by key, so it becomes `{ value }`.
 */
function singleComplex(kind: ResourceKind, path: string, value: unknown): unknown {
  const { urn, rest } = splitUrn(kind, path);
  const def = findAttribute(SCHEMA_ATTRIBUTES[urn] ?? [], rest);
  if (def?.type !== 'complex' || def.multiValued) return value;
  if (typeof value === 'string' && def.subAttributes?.some((d) => d.name === 'value')) return { value };
  if (Array.isArray(value) && value.length === 1) return value[0];
  return value;
}

/** The schema a path addresses (the core one unless it starts with a known URN) and the rest. */
function splitUrn(kind: ResourceKind, path: string): { urn: string; rest: string } {
  for (const urn of [CORE[kind], ...EXTENSIONS[kind]]) {
    if (path.toLowerCase().startsWith(`${urn.toLowerCase()}:`)) return { urn, rest: path.slice(urn.length + 1) };
  }
  if (path.toLowerCase().startsWith('urn:')) throw badRequest(ScimType.invalidPath, `unknown schema in path "${path}"`);
  return { urn: CORE[kind], rest: path };
}
