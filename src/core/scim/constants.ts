/**
 * The SCIM endpoint's limits and the RFC's fixed names. The limits are enforced by the endpoint
 * and quoted by docs/scim.md, so they are written once, here.
 */

/** Enforced limits. */
export const SCIM_LIMITS = {
  /** Largest request body accepted (bytes); API Gateway itself caps payloads at 10 MB. Larger → 413. */
  maxBodyBytes: 256 * 1024,
  /** Member values one PATCH may add or remove (Identity Center's limit). More → 400 `tooMany`. */
  maxMembersPerPatch: 100,
  /** Members a POST or PUT of a group may list. More → 400 `tooMany`. */
  maxMembersPerGroupWrite: 1000,
  /** Largest page (`count`); a larger `count` is lowered to it, as RFC 7644 § 3.4.2.4 allows. */
  maxPageSize: 100,
  /** Operations in one PATCH request. More → 400 `tooMany`. */
  maxPatchOperations: 200,
} as const;

/** The function's own throttle per execution environment: sustained requests/s and burst. */
export const SCIM_THROTTLE_DEFAULTS = { ratePerSecond: 50, burst: 100 } as const;

/** How long the function keeps the token hashes it read (s): the delay before a revocation applies. */
export const SCIM_TOKEN_CACHE_SECONDS = 60;

/** At most this many live tokens at once: one in use and its replacement during a rotation. */
export const SCIM_MAX_LIVE_TOKENS = 2;

/** RFC 7643 / 7644 schema URNs. */
export const ScimSchema = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterpriseUser: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  listResponse: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patchOp: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  serviceProviderConfig: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  resourceType: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
  schema: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
} as const;

/** The media type of every answer (RFC 7644 § 3.1). */
export const SCIM_CONTENT_TYPE = 'application/scim+json';

/**
 * Member changes written per transaction: each is two items (`member#` and `memberOf#`), next to
 * the group, its outbox entry and up to two name items, within DynamoDB's 100 actions per
 * TransactWriteItems. A larger change is written in several transactions, each announced.
 */
export const MEMBER_CHANGES_PER_WRITE = 45;

/** Metric names of the SCIM function (namespace `WickrIdpSync`); the stack's alarms use them. */
export const ScimMetric = {
  /** Answers, one per request (count). */
  requests: 'ScimRequests',
  /** 4xx answers other than 401 and 429 (count). */
  clientErrors: 'ScimClientErrors',
  /** 401 answers: a missing or wrong token (count; the stack alarms on a burst). */
  unauthorized: 'ScimUnauthorized',
  /** 429 answers of the function's own throttle (count). */
  throttled: 'ScimThrottled',
  /** 5xx answers (count). */
  serverErrors: 'ScimServerErrors',
  /** Time to answer (milliseconds). */
  latency: 'ScimLatency',
  /** Outbox entries published by a drain (count). */
  outboxPublished: 'ScimOutboxPublished',
} as const;
