/**
 * The event types the consumer acts on, per source. The EventBridge rules in serverless.yml
 * must match exactly these (a test compares them), so noise never reaches the queue.
 */

/** Okta partner event sources are named `aws.partner/okta.com/<org>/<name>`. */
export const OKTA_SOURCE_PREFIX = 'aws.partner/okta.com/';
export const OKTA_DETAIL_TYPE = 'SystemLog';
export const OKTA_EVENT_TYPES = [
  'group.user_membership.add',
  'group.user_membership.remove',
  'user.account.update_profile',
  'user.lifecycle.create',
  'user.lifecycle.activate',
  'user.lifecycle.deactivate',
  'user.lifecycle.suspend',
  'user.lifecycle.unsuspend',
  'user.lifecycle.reactivate',
  'user.lifecycle.delete.initiated',
] as const;

/** IAM Identity Center management events arrive through CloudTrail on the default bus. */
export const IIC_SOURCES = ['aws.identitystore', 'aws.sso-directory'] as const;
export const IIC_DETAIL_TYPE = 'AWS API Call via CloudTrail';
export const IIC_EVENT_SOURCES = ['identitystore.amazonaws.com', 'sso-directory.amazonaws.com', 'identitystore-scim.amazonaws.com'] as const;
export const IIC_EVENT_NAMES = [
  'CreateGroupMembership',
  'DeleteGroupMembership',
  'AddMemberToGroup',
  'RemoveMemberFromGroup',
  'UpdateUser',
  'DisableUser',
  'EnableUser',
  'DeleteUser',
  'PatchGroup',
  'PatchUser',
] as const;

/** The documented generic event for IdPs without a native EventBridge source. */
export const GENERIC_SOURCE = 'wickr-idp-sync.generic';
export const GENERIC_DETAIL_TYPE = 'IdentityUserState';

/** The stack's SCIM endpoint (src/core/scim/events.ts is the contract). */
import { ScimDetailType } from '../scim/events';
export { SCIM_SOURCE } from '../scim/events';
export const SCIM_DETAIL_TYPES = [ScimDetailType.UserChanged, ScimDetailType.GroupChanged] as const;
