/**
 * The `filter` query parameter: parsed with scim2-parse-filter, then narrowed to what IdPs send
 * (Entra, Okta, Identity Center): `eq` on a few attributes, joined by `and`. Anything else is
 * 400 `invalidFilter`, never silently ignored: a lookup that matched everyone would make the IdP
 * PATCH the wrong user.
 *
 * scim2-parse-filter reads `emails[type eq "work"].value eq "x"` as two independent conditions
 * (a `[]` and an `emails.value eq`), which would match a user whose *home* email is `x`; the text
 * is rewritten first into the equivalent `emails[type eq "work" and value eq "x"]`, which it
 * parses as one value filter.
 */
import { type Filter, parse } from 'scim2-parse-filter';
import { ScimType, badRequest } from './errors';
import { comparableName } from './names';
import type { StoredGroup, StoredUser } from './types';

/** One `eq` condition; `emailType` only for `email`. */
export type Condition =
  | { readonly attribute: 'userName' | 'externalId' | 'id' | 'displayName'; readonly value: string }
  | { readonly attribute: 'email'; readonly value: string; readonly emailType?: string };

const USER_ATTRIBUTES = { username: 'userName', externalid: 'externalId', id: 'id' } as const;
const GROUP_ATTRIBUTES = { displayname: 'displayName', externalid: 'externalId', id: 'id' } as const;
const EMAIL_VALUE_PATH = /emails\[\s*type\s+eq\s+("(?:[^"\\]|\\.)*")\s*\]\.value\s+eq\s+("(?:[^"\\]|\\.)*")/gi;

const invalid = (why: string, cause?: unknown) => badRequest(ScimType.invalidFilter, `unsupported filter: ${why}`, cause);

/** The conditions of a filter, all of which must hold. */
export function parseFilter(kind: 'User' | 'Group', text: string): Condition[] {
  let tree: Filter;
  try {
    tree = parse(text.replace(EMAIL_VALUE_PATH, (_all, type: string, value: string) => `emails[type eq ${type} and value eq ${value}]`));
  } catch (error) {
    throw invalid('it does not parse', error);
  }
  return conditions(kind, tree);
}

function conditions(kind: 'User' | 'Group', node: Filter): Condition[] {
  if (node.op === 'and' && 'filters' in node) return node.filters.flatMap((f) => conditions(kind, f));
  if (node.op === 'eq' && 'compValue' in node) {
    if (typeof node.compValue !== 'string') throw invalid(`${node.attrPath} must be compared with a string`);
    const lower = node.attrPath.toLowerCase();
    const table: Record<string, Condition['attribute']> = kind === 'User' ? USER_ATTRIBUTES : GROUP_ATTRIBUTES;
    const attribute = table[lower] ?? (kind === 'User' && lower === 'emails.value' ? 'email' : undefined);
    if (!attribute) throw invalid(`filtering on ${node.attrPath} is not supported`);
    return [{ attribute, value: node.compValue } as Condition];
  }
  if (node.op === '[]' && 'valFilter' in node && kind === 'User' && node.attrPath.toLowerCase() === 'emails') return [emailCondition(node.valFilter)];
  throw invalid(`operator ${node.op} is not supported (eq and and are)`);
}

/** `emails[type eq "t" and value eq "v"]` (either order) or `emails[value eq "v"]`. */
function emailCondition(node: Filter): Condition {
  const parts = node.op === 'and' && 'filters' in node ? node.filters : [node];
  let value: string | undefined;
  let emailType: string | undefined;
  for (const part of parts) {
    if (part.op !== 'eq' || !('compValue' in part) || typeof part.compValue !== 'string') throw invalid('emails[…] supports type eq and value eq');
    const attribute = part.attrPath.toLowerCase();
    if (attribute === 'value' && value === undefined) value = part.compValue;
    else if (attribute === 'type' && emailType === undefined) emailType = part.compValue;
    else throw invalid('emails[…] supports type eq and value eq');
  }
  if (value === undefined) throw invalid('emails[…] needs value eq');
  return { attribute: 'email', value, emailType };
}

const sameText = (a: string, b: string) => comparableName(a) === comparableName(b);

/**
 * True when the user meets every condition. `userName` compares as uniqueness does (NFC, trim,
 * case); emails ignore case (RFC 7643: caseExact false); `id` and `externalId` are exact.
 */
export function userMatches(user: StoredUser, conditions: readonly Condition[]): boolean {
  return conditions.every((c) => {
    switch (c.attribute) {
      case 'userName':
        return sameText(user.userName, c.value);
      case 'externalId':
        return user.externalId === c.value;
      case 'id':
        return user.id === c.value;
      case 'email':
        return user.emails.some((e) => e.value.toLowerCase() === c.value.toLowerCase() && (c.emailType === undefined || e.type?.toLowerCase() === c.emailType.toLowerCase()));
      default:
        return false;
    }
  });
}

/** True when the group meets every condition (`displayName` compares as uniqueness does). */
export function groupMatches(group: StoredGroup, conditions: readonly Condition[]): boolean {
  return conditions.every((c) => {
    if (c.attribute === 'displayName') return sameText(group.displayName, c.value);
    if (c.attribute === 'externalId') return group.externalId === c.value;
    if (c.attribute === 'id') return group.id === c.value;
    return false;
  });
}
