import { PoisonError } from '../errors';
import { assertNotFromFuture, eventKey, isKeyTooLong, MAX_KEY_BYTES, parseSqsBody } from '../events';
import type { DirectoryPort, StateStore } from '../ports';
import { type GroupTrigger, IdpSource, type ParsedEvent, type UserTrigger } from '../types';
import type { Disposition } from './classify';
import { classifyFailure } from './classify';
import type { QueueRecord } from './records';
import type { WickrUserWork } from './wickrUserTrigger';
import { wickrEventKey } from './wickrUserTrigger';

/** A record whose event names one user, resolved to an IdP user id (from a login or a membership id if need be). */
export type UserWork = {
  readonly record: QueueRecord;
  readonly trigger: UserTrigger;
  readonly idpUserId: string;
  readonly eventKey: string;
};

/** A record whose event names a whole group. */
export type GroupWork = { readonly record: QueueRecord; readonly trigger: GroupTrigger; readonly eventKey: string };

/** How a record ended during preparation. */
export type EarlyEnd =
  | { readonly kind: 'ignored'; readonly event: ParsedEvent; readonly reason: string }
  | { readonly kind: 'duplicate'; readonly event: ParsedEvent }
  | { readonly kind: 'failed'; readonly event?: ParsedEvent; readonly disposition: Disposition };

/** The batch, parsed and sorted into work. */
export type PreparedBatch = {
  readonly users: Map<string, UserWork[]>;
  readonly groups: GroupWork[];
  /** Wickr-targeted ResyncUser messages (the reconcile's unmanaged users). */
  readonly wickrUsers: WickrUserWork[];
  /** Keyed by the record itself: a batch may (rarely) hold one message twice, with one message id. */
  readonly ended: Map<QueueRecord, EarlyEnd>;
};

/** Receive count after which an unknown membership id is dead-lettered instead of waited for. */
const MEMBERSHIP_PATIENCE = 3;

/** What preparing a batch needs. */
export type PrepareOptions = {
  readonly store: StateStore;
  /** Dry run: membership ids are learned for this batch only, never stored. */
  readonly dryRun: boolean;
  /** Epoch ms, for the check that no event comes from the future. */
  readonly now: number;
  /** The queue's retry budget: an unknown membership id is given up on no later than the last receive. */
  readonly maxReceiveCount: number;
  /** For users named by login: the directory turns the login into the user id. */
  readonly directories: Partial<Record<IdpSource, DirectoryPort>>;
};

/**
 * Parses every record, drops in-batch duplicates (same IdP event id), records what
 * CreateGroupMembership events teach, resolves membership ids, and groups the work by user
 * so one user's records are never processed concurrently.
 */
export async function prepareBatch(records: readonly QueueRecord[], options: PrepareOptions, userKeyOf: (trigger: UserTrigger, idpUserId: string) => string): Promise<PreparedBatch> {
  const { store } = options;
  const learnedHere = new Map<string, string>();
  const patience = Math.min(MEMBERSHIP_PATIENCE, options.maxReceiveCount);
  const ended = new Map<QueueRecord, EarlyEnd>();
  const seen = new Set<string>();
  const pending: { record: QueueRecord; trigger: UserTrigger | GroupTrigger; eventKey: string }[] = [];
  const wickrUsers: WickrUserWork[] = [];

  for (const record of records) {
    let event: ParsedEvent;
    try {
      event = parseSqsBody(record.body);
      if (event.kind !== 'ignored') {
        assertNotFromFuture(event, options.now);
        assertStorable(event.kind === 'wickrUser' ? wickrEventKey(event.eventId) : eventKey(event.source, event.eventId), 'eventId');
      }
    } catch (error) {
      ended.set(record, { kind: 'failed', disposition: classifyFailure(error) });
      continue;
    }
    if (event.kind === 'ignored') {
      ended.set(record, { kind: 'ignored', event, reason: event.reason });
      continue;
    }
    // The SCIM source is off in this deployment (no SCIM_TABLE_NAME): its events are ignored, not dead-lettered.
    if (event.kind !== 'wickrUser' && event.source === IdpSource.Scim && !options.directories[IdpSource.Scim]) {
      const reason = 'the SCIM source is off in this deployment (SCIM_TABLE_NAME is not set)';
      ended.set(record, { kind: 'ignored', event: { kind: 'ignored', source: event.source, eventId: event.eventId, eventType: event.eventType, reason }, reason });
      continue;
    }
    const key = event.kind === 'wickrUser' ? wickrEventKey(event.eventId) : eventKey(event.source, event.eventId);
    if (seen.has(key)) {
      ended.set(record, { kind: 'duplicate', event });
      continue;
    }
    seen.add(key);
    if (event.kind === 'wickrUser') {
      wickrUsers.push({ record, trigger: event, eventKey: key });
      continue;
    }
    pending.push({ record, trigger: event, eventKey: key });
  }

  // Learn membership ids first, so a DeleteGroupMembership in the same batch can be resolved.
  for (const item of pending) {
    const learned = item.trigger.kind === 'user' ? item.trigger.learnedMembership : undefined;
    if (!learned || isKeyTooLong(learned.membershipId)) continue;
    try {
      if (options.dryRun) learnedHere.set(learned.membershipId, learned.idpUserId);
      else await store.putMembershipUser(learned.membershipId, learned.idpUserId);
    } catch (error) {
      ended.set(item.record, { kind: 'failed', event: item.trigger, disposition: classifyFailure(error) });
    }
  }

  const users = new Map<string, UserWork[]>();
  const groups: GroupWork[] = [];
  for (const item of pending) {
    if (ended.has(item.record)) continue;
    const { trigger, record } = item;
    if (trigger.kind === 'group') {
      groups.push({ record, trigger, eventKey: item.eventKey });
      continue;
    }
    const ref = trigger.user;
    let idpUserId: string | null;
    try {
      if (ref.by === 'id') idpUserId = ref.idpUserId;
      else if (ref.by === 'login') idpUserId = await resolveLogin(trigger, ref.login, options.directories);
      else {
        assertStorable(ref.membershipId, 'membershipId');
        idpUserId = learnedHere.get(ref.membershipId) ?? (await resolveMembership(ref.membershipId, record, store, patience));
      }
      if (idpUserId !== null) assertStorable(userKeyOf(trigger, idpUserId), 'idpUserId');
    } catch (error) {
      ended.set(record, { kind: 'failed', event: trigger, disposition: classifyFailure(error) });
      continue;
    }
    if (idpUserId === null) {
      ended.set(record, {
        kind: 'failed',
        event: trigger,
        disposition: { action: 'defer', errorClass: 'UnknownMembership', reason: 'membership id not learned yet; waiting for its CreateGroupMembership' },
      });
      continue;
    }
    const key = userKeyOf(trigger, idpUserId);
    const list = users.get(key) ?? [];
    list.push({ record, trigger, idpUserId, eventKey: item.eventKey });
    users.set(key, list);
  }
  return { users, groups, wickrUsers, ended };
}

/** An id longer than a DynamoDB key can hold is poison: no retry can ever store it. */
function assertStorable(key: string, field: string): void {
  if (isKeyTooLong(key)) throw tooLong(field);
}

function tooLong(field: string): PoisonError {
  return new PoisonError('MalformedEvent', `${field}: is longer than a storage key allows (${MAX_KEY_BYTES} bytes)`, { field });
}

/**
 * The user id behind a login (Okta AppUser imports), read from the directory before the lease
 * is taken, so events naming the same person by login and by id share one lease and one sync.
 * A login the directory does not know stays the key: the sync then finds the user deleted.
 */
async function resolveLogin(trigger: UserTrigger, login: string, directories: PrepareOptions['directories']): Promise<string> {
  const directory = directories[trigger.source];
  if (!directory) throw new PoisonError('SourceNotConfigured', `events from ${trigger.source} arrive but no ${trigger.source} directory is configured`);
  return (await directory.getUser(login))?.idpUserId ?? login;
}

async function resolveMembership(membershipId: string, record: QueueRecord, store: StateStore, patience: number): Promise<string | null> {
  const idpUserId = await store.getMembershipUser(membershipId);
  if (idpUserId !== null) return idpUserId;
  if (record.receiveCount >= patience) {
    throw new PoisonError(
      'UnknownMembership',
      `membership ${membershipId} was never seen in a CreateGroupMembership event (created before the sync was deployed, or that event was lost); the user cannot be identified — run a reconciliation for the group`,
      { field: 'detail.requestParameters.membershipId' },
    );
  }
  return null;
}
