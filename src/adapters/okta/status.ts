/**
 * Okta user status → our `active` flag. The rule: access follows the admin's intent. A user
 * an admin activated keeps access through password and lock-out states; a user not yet activated
 * (STAGED) or taken out by an admin (SUSPENDED, DEPROVISIONED) has none.
 * https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/#tag/User/operation/getUser (status)
 */

/** Every status the Okta v1 Users API documents, and whether it means "active" for Wickr. */
export const OKTA_STATUS_ACTIVE = {
  ACTIVE: true,
  /** Activated, waiting for the user to set a password. */
  PROVISIONED: true,
  /** Password reset in progress. */
  RECOVERY: true,
  PASSWORD_EXPIRED: true,
  /** Too many failed sign-ins: temporary and not an admin decision. */
  LOCKED_OUT: true,
  /** Created but never activated. */
  STAGED: false,
  SUSPENDED: false,
  /** Deactivated. */
  DEPROVISIONED: false,
} as const satisfies Record<string, boolean>;

/** A status Okta documents. */
export type OktaUserStatus = keyof typeof OKTA_STATUS_ACTIVE;

/** True when `status` is a documented Okta status. */
export function isKnownOktaStatus(status: unknown): status is OktaUserStatus {
  return typeof status === 'string' && Object.hasOwn(OKTA_STATUS_ACTIVE, status);
}

/** Whether a user in `status` should be active in Wickr; unknown or missing statuses fail closed. */
export function isActiveOktaStatus(status: unknown): boolean {
  return isKnownOktaStatus(status) && OKTA_STATUS_ACTIVE[status];
}
