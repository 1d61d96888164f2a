/**
 * The discovery resources (RFC 7644 § 4, RFC 7643 §§ 5–7). They say only what is true: no bulk,
 * no sort, no ETags, no passwords; `filter` (eq and and, on the attributes docs/scim.md lists)
 * with at most {@link SCIM_LIMITS.maxPageSize} results a page; PATCH. `/Schemas` is built from the
 * same attribute table that checks every request (attributes.ts).
 */
import { type AttributeDef, ENTERPRISE_USER_ATTRIBUTES, GROUP_ATTRIBUTES, USER_ATTRIBUTES } from './attributes';
import { SCIM_LIMITS, ScimSchema } from './constants';
import { listResponse } from './listing';

/** GET /ServiceProviderConfig. */
export function serviceProviderConfig(baseUrl: string): Record<string, unknown> {
  return {
    schemas: [ScimSchema.serviceProviderConfig],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: SCIM_LIMITS.maxPageSize },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [{ type: 'oauthbearertoken', name: 'Bearer token', description: 'A token made with `npm run scim-token -- create`, sent as Authorization: Bearer <token>.', primary: true }],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}

const RESOURCE_TYPES = [
  { id: 'User', name: 'User', endpoint: '/Users', schema: ScimSchema.user, schemaExtensions: [{ schema: ScimSchema.enterpriseUser, required: false }] },
  { id: 'Group', name: 'Group', endpoint: '/Groups', schema: ScimSchema.group, schemaExtensions: [] },
] as const;

/** One ResourceType resource. */
export function resourceType(id: string, baseUrl: string): Record<string, unknown> | undefined {
  const type = RESOURCE_TYPES.find((t) => t.id === id);
  return type && { schemas: [ScimSchema.resourceType], ...type, meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${type.id}` } };
}

/** GET /ResourceTypes. */
export function resourceTypes(baseUrl: string): Record<string, unknown> {
  return listResponse(RESOURCE_TYPES, { startIndex: 1, count: RESOURCE_TYPES.length }, (t) => resourceType(t.id, baseUrl));
}

const SCHEMAS: readonly { id: string; name: string; attributes: readonly AttributeDef[] }[] = [
  { id: ScimSchema.user, name: 'User', attributes: USER_ATTRIBUTES },
  { id: ScimSchema.enterpriseUser, name: 'EnterpriseUser', attributes: ENTERPRISE_USER_ATTRIBUTES },
  { id: ScimSchema.group, name: 'Group', attributes: GROUP_ATTRIBUTES },
];

const describeAttribute = (def: AttributeDef): Record<string, unknown> => ({
  ...def,
  ...(def.subAttributes ? { subAttributes: def.subAttributes.map(describeAttribute) } : {}),
});

/** One Schema resource. */
export function schema(id: string, baseUrl: string): Record<string, unknown> | undefined {
  const found = SCHEMAS.find((s) => s.id.toLowerCase() === id.toLowerCase());
  return (
    found && {
      schemas: [ScimSchema.schema],
      id: found.id,
      name: found.name,
      attributes: found.attributes.map(describeAttribute),
      meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${found.id}` },
    }
  );
}

/** GET /Schemas. */
export function schemas(baseUrl: string): Record<string, unknown> {
  return listResponse(SCHEMAS, { startIndex: 1, count: SCHEMAS.length }, (s) => schema(s.id, baseUrl));
}
