/**
 * The errors a SCIM request can end in, answered as RFC 7644 § 3.12 Error resources. Details name
 * the attribute or parameter at fault and never echo values (they can be names and emails).
 */

/** RFC 7644 § 3.12 `scimType`s used here. */
export const ScimType = {
  invalidFilter: 'invalidFilter',
  tooMany: 'tooMany',
  uniqueness: 'uniqueness',
  mutability: 'mutability',
  invalidSyntax: 'invalidSyntax',
  invalidPath: 'invalidPath',
  noTarget: 'noTarget',
  invalidValue: 'invalidValue',
} as const;
export type ScimType = (typeof ScimType)[keyof typeof ScimType];

/** A request the endpoint refuses: `status` and `scimType` go into the Error resource. */
export class ScimError extends Error {
  public override readonly name = 'ScimError';
  public readonly status: number;
  public readonly scimType?: ScimType;
  /** Extra answer headers (`WWW-Authenticate`, `Retry-After`). */
  public readonly headers: Readonly<Record<string, string>>;

  public constructor(status: number, message: string, options: { scimType?: ScimType; headers?: Record<string, string>; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.status = status;
    this.scimType = options.scimType;
    this.headers = options.headers ?? {};
  }
}

/** 400 with a `scimType`. */
export const badRequest = (scimType: ScimType, message: string, cause?: unknown): ScimError => new ScimError(400, message, { scimType, cause });

/** 404 for an id that names nothing. */
export const notFound = (what: 'User' | 'Group', id: string): ScimError => new ScimError(404, `${what} ${id} not found`);

/** 409 `uniqueness`. */
export const notUnique = (attribute: 'userName' | 'displayName'): ScimError => new ScimError(409, `${attribute} is already taken`, { scimType: ScimType.uniqueness });

/**
 * Two writers changed the same resource at once and this one lost: core re-reads and tries again.
 * Thrown by the store's `commit`; never answered as such.
 */
export class ScimConflictError extends Error {
  public override readonly name = 'ScimConflictError';
  /** `version`: the resource changed or vanished; `uniqueness`: the name belongs to another resource. */
  public readonly reason: 'version' | 'uniqueness';

  public constructor(reason: 'version' | 'uniqueness', message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.reason = reason;
  }
}
