import { WickrApiError, modeledError, validationError, type ErrorReason } from './errors';
import type { NetworkStore } from './store';

/** Decoded query parameters; a repeated name gives an array. */
export type Query = Record<string, string | string[]>;

/** Sort order of a listing. */
export type SortSpec = { fields: string[]; direction: 'ASC' | 'DESC' };

const NETWORK_ID = /^[0-9]{8}$/;
const USER_ID = /^[0-9]{1,10}$/;

/** Throws ValidationError (422) for a malformed networkId, ResourceNotFoundError (404) for another network. */
export function requireNetwork(store: NetworkStore, networkId: string): void {
  if (!NETWORK_ID.test(networkId)) {
    throw new WickrApiError(validationError([{ field: 'networkId', reason: 'networkId must be exactly 8 digits' }]));
  }
  if (networkId !== store.networkId) throw new WickrApiError(modeledError('ResourceNotFoundError', 'Network not found.'));
}

/** Whether a value is a model UserId: 1 to 10 digits. */
export function isUserId(value: unknown): value is string {
  return typeof value === 'string' && USER_ID.test(value);
}

/** Throws the model's example BadRequestError "Invalid userId." unless the value is 1 to 10 digits. */
export function requireUserId(value: unknown): string {
  if (!isUserId(value)) throw new WickrApiError(modeledError('BadRequestError', 'Invalid userId.'));
  return value;
}

/** A query parameter given at most once; a repeated one is a reason. */
export function single(query: Query, name: string, reasons: ErrorReason[]): string | undefined {
  const v = query[name];
  if (Array.isArray(v)) {
    reasons.push({ field: name, reason: `${name} must be given once` });
    return undefined;
  }
  return v;
}

/** `maxResults`: an integer 1..100, 10 when absent (the model's documentation; it has no range trait). */
export function maxResults(query: Query, reasons: ErrorReason[]): number {
  const raw = single(query, 'maxResults', reasons);
  if (raw === undefined) return 10;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 100) {
    reasons.push({ field: 'maxResults', reason: 'maxResults must be an integer between 1 and 100' });
    return 10;
  }
  return n;
}

/** `sortFields` (names joined by '+') and `sortDirection` (ASC|DESC, DESC when absent). */
export function sortSpec(query: Query, allowed: readonly string[], reasons: ErrorReason[]): SortSpec {
  const rawFields = single(query, 'sortFields', reasons);
  const rawDirection = single(query, 'sortDirection', reasons) ?? 'DESC';
  const fields = rawFields ? rawFields.split('+') : [];
  const unknown = fields.filter((f) => !allowed.includes(f));
  if (unknown.length) reasons.push({ field: 'sortFields', reason: `sortFields accepts ${allowed.join(', ')}; got ${unknown.join(', ')}` });
  if (rawDirection !== 'ASC' && rawDirection !== 'DESC') reasons.push({ field: 'sortDirection', reason: 'sortDirection must be ASC or DESC' });
  return { fields: unknown.length ? [] : fields, direction: rawDirection === 'ASC' ? 'ASC' : 'DESC' };
}

/**
 * Sorts by the given fields (then by creation order); without sortFields keeps creation order,
 * so `sortDirection` only applies when fields are named.
 */
export function sortBy<T>(items: T[], spec: SortSpec, key: (item: T, field: string) => string | number): T[] {
  if (!spec.fields.length) return items;
  const sign = spec.direction === 'ASC' ? 1 : -1;
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => {
      for (const f of spec.fields) {
        const x = key(a.item, f);
        const y = key(b.item, f);
        if (x < y) return -sign;
        if (x > y) return sign;
      }
      return a.index - b.index;
    })
    .map((e) => e.item);
}

/** The JSON body as an object; BadRequestError (400) when it is not JSON or not an object. */
export function jsonObject(body: Buffer): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.length ? body.toString('utf8') : '{}');
  } catch {
    throw new WickrApiError(modeledError('BadRequestError', 'The request body is not valid JSON.'));
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new WickrApiError(modeledError('BadRequestError', 'The request body must be a JSON object.'));
  }
  return parsed as Record<string, unknown>;
}

/** The docs of the batch calls: at most 50 users or ids per request (not a model trait). */
export const MAX_BATCH = 50;

/** A batch call's body `userIds`: required, a list of strings, at most {@link MAX_BATCH}; problems go to `reasons`. */
export function readUserIds(value: unknown, reasons: ErrorReason[]): string[] {
  if (value === undefined) reasons.push({ field: 'userIds', reason: 'userIds is required' });
  else if (!Array.isArray(value) || !value.every((id) => typeof id === 'string')) reasons.push({ field: 'userIds', reason: 'userIds must be a list of strings' });
  else if (value.length > MAX_BATCH) reasons.push({ field: 'userIds', reason: `userIds accepts at most ${MAX_BATCH} ids` });
  else return value as string[];
  return [];
}
