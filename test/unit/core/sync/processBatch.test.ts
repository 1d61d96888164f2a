import { DependencyError } from '../../../../src/core/errors';
import { processBatch } from '../../../../src/core/sync/processBatch';
import { addAna, ana, record, setup } from '../../../helpers/batch';
import { genericEvent, iicEvent, oktaEvent } from '../../../helpers/events';

describe('Function: processBatch()', () => {
  it('applies a membership change with exactly one UpdateUser carrying only the changed field', async () => {
    const { deps, wickr } = setup();
    const [result] = await processBatch([record(addAna())], deps);
    expect(result?.outcome).toBe('applied');
    expect(wickr.writes).toEqual([{ op: 'update', userId: '1001', details: { securityGroupIds: ['SGENG001'] } }]);
  });

  it('makes no second write for the same event delivered again with a new message id', async () => {
    const { deps, wickr } = setup();
    const event = addAna('evt-dup');
    await processBatch([record(event)], deps);
    const [again] = await processBatch([record(event)], deps);
    expect(again?.outcome).toBe('duplicate');
    expect(wickr.writes).toHaveLength(1);
  });

  it('treats two copies of one event in the same batch as one processed and one duplicate, not a failure', async () => {
    const { deps, wickr } = setup();
    const event = addAna('evt-twice');
    const results = await processBatch([record(event), record(event)], deps);
    expect(results.map((r) => r.outcome).sort()).toEqual(['applied', 'duplicate']);
    expect(wickr.writes).toHaveLength(1);
  });

  it('reports unchanged and writes nothing when Wickr already matches the IdP', async () => {
    const { deps, wickr } = setup();
    wickr.users.get('1001')!.securityGroupIds = ['SGENG001'];
    const [result] = await processBatch([record(addAna())], deps);
    expect(result?.outcome).toBe('unchanged');
    expect(wickr.writes).toHaveLength(0);
  });

  it('syncs a user once for several events about them in one batch', async () => {
    const { deps, wickr, okta } = setup();
    const events = [addAna('a'), oktaEvent({ eventType: 'user.account.update_profile', userId: '00uAna', login: 'ana@example.com', uuid: 'b' })];
    const results = await processBatch(
      events.map((e) => record(e)),
      deps,
    );
    expect(okta.reads).toBe(1);
    expect(wickr.writes).toHaveLength(1);
    expect(results.map((r) => r.outcome).sort()).toEqual(['applied', 'unchanged']);
  });

  it('sends an unparseable body to the DLQ with its reason and acknowledges it', async () => {
    const { deps, queue } = setup();
    const [result] = await processBatch([record('{not json')], deps);
    expect(result?.outcome).toBe('deadLettered');
    expect(queue.deadLetters[0]).toMatchObject({ errorClass: 'MalformedJson', body: '{not json' });
  });

  it('dead-letters a supported event with a malformed field and names the field', async () => {
    const { deps, queue } = setup();
    const event = addAna();
    (event.detail as { uuid?: unknown }).uuid = 42;
    const [result] = await processBatch([record(event)], deps);
    expect(result?.outcome).toBe('deadLettered');
    expect(queue.deadLetters[0]?.errorClass).toBe('MalformedEvent');
    expect(queue.deadLetters[0]?.reason).toContain('uuid');
  });

  it('ignores unrelated events without touching Wickr', async () => {
    const { deps, wickr } = setup();
    const [result] = await processBatch([record(oktaEvent({ eventType: 'user.session.start', userId: '00uAna', login: 'ana@example.com' }))], deps);
    expect(result?.outcome).toBe('ignored');
    expect(wickr.reads).toBe(0);
  });

  it('keeps the record for retry when the DLQ send fails, so nothing is dropped', async () => {
    const { deps, queue } = setup();
    queue.failDeadLetter = true;
    const [result] = await processBatch([record('nope')], deps);
    expect(result?.outcome).toBe('retryLater');
    expect(queue.delays).toHaveLength(1);
  });

  it('dead-letters a Wickr ValidationError as poison', async () => {
    const { deps, wickr, queue } = setup();
    wickr.failNext = [undefined, new DependencyError('one group only', { dependency: 'wickr', kind: 'INVALID', code: 'ValidationError' })];
    const [result] = await processBatch([record(addAna())], deps);
    expect(result).toMatchObject({ outcome: 'deadLettered', errorClass: 'ValidationError' });
    expect(queue.deadLetters).toHaveLength(1);
  });

  it.each([
    ['THROTTLING', 'RateLimitError'],
    ['TRANSIENT', 'InternalServerError'],
    ['AUTH', 'ForbiddenError'],
  ] as const)('hands a %s failure back to SQS instead of the DLQ', async (kind, code) => {
    const { deps, wickr, queue, store } = setup();
    wickr.failNext = [new DependencyError(code, { dependency: 'wickr', kind, code })];
    const [result] = await processBatch([record(addAna(), 3)], deps);
    expect(result?.outcome).toBe('retryLater');
    expect(queue.deadLetters).toHaveLength(0);
    expect(queue.delays).toHaveLength(1);
    expect(store.processed.size).toBe(0);
  });

  it('backs off longer as the receive count grows, capped', async () => {
    const { deps, wickr, queue } = setup({ random: () => 1, maxReceiveCount: 20 });
    for (const count of [1, 3, 12]) {
      wickr.failNext = [new DependencyError('slow down', { dependency: 'wickr', kind: 'THROTTLING' })];
      await processBatch([record(addAna(`e${count}`), count)], deps);
    }
    expect(queue.delays.map((d) => d.delaySeconds)).toEqual([2, 8, 900]);
  });

  it('does not dead-letter a directory failure: it is retried', async () => {
    const { deps, okta, queue } = setup();
    okta.failNext = [new DependencyError('okta 400', { dependency: 'directory', kind: 'INVALID' })];
    const [result] = await processBatch([record(addAna())], deps);
    expect(result?.outcome).toBe('retryLater');
    expect(queue.deadLetters).toHaveLength(0);
  });

  it('hands records back when another invocation holds the user lease', async () => {
    const { deps, store, wickr } = setup();
    store.leases.set('okta:00uAna', { owner: 'other', until: store.now + 10_000 });
    const [result] = await processBatch([record(addAna())], deps);
    expect(result).toMatchObject({ outcome: 'retryLater', errorClass: 'UserBusy' });
    expect(wickr.writes).toHaveLength(0);
  });

  it('stops starting users while Wickr is throttling and hands them back', async () => {
    const { deps, wickr } = setup({ shouldPause: () => true });
    const [result] = await processBatch([record(addAna())], deps);
    expect(result).toMatchObject({ outcome: 'retryLater', errorClass: 'Deferred' });
    expect(wickr.reads).toBe(0);
  });

  it('reports a user missing from Wickr as not provisioned', async () => {
    const { deps, okta } = setup();
    okta.users.set('00uNew', { ...ana, idpUserId: '00uNew', email: 'new@example.com', login: 'new@example.com' });
    const [result] = await processBatch([record(oktaEvent({ eventType: 'user.lifecycle.activate', userId: '00uNew', login: 'new@example.com' }))], deps);
    expect(result?.outcome).toBe('notProvisioned');
  });

  it('lets the newest generic event win: an older one arriving later changes nothing', async () => {
    const { deps, wickr } = setup();
    const newer = genericEvent({ occurredAt: '2026-11-28T10:00:05Z', user: { externalId: 'x1', email: 'bo@example.com', firstName: 'Bo', lastName: 'New', groups: [] } });
    const older = genericEvent({ occurredAt: '2026-11-28T10:00:00Z', user: { externalId: 'x1', email: 'bo@example.com', firstName: 'Bo', lastName: 'Old', groups: [] } });
    await processBatch([record(newer)], deps);
    const [late] = await processBatch([record(older)], deps);
    expect(late?.outcome).toBe('unchanged');
    expect(wickr.users.get('1002')?.lastName).toBe('New');
  });

  it('suspends a deleted user under onDelete "suspend", found through the remembered link', async () => {
    const { deps, okta, wickr } = setup();
    await processBatch([record(addAna())], deps);
    okta.users.delete('00uAna');
    const [result] = await processBatch([record(oktaEvent({ eventType: 'user.lifecycle.delete.initiated', userId: '00uAna', login: 'ana@example.com' }))], deps);
    expect(result?.outcome).toBe('applied');
    expect(wickr.users.get('1001')?.suspended).toBe(true);
  });

  it('finds a renamed user through the link, not by the new email', async () => {
    const { deps, okta, wickr } = setup();
    await processBatch([record(addAna())], deps);
    okta.users.set('00uAna', { ...ana, email: 'ana.lima@example.com', login: 'ana.lima@example.com' });
    await processBatch([record(oktaEvent({ eventType: 'user.account.update_profile', userId: '00uAna', login: 'ana.lima@example.com' }))], deps);
    expect(wickr.users.get('1001')?.username).toBe('ana.lima@example.com');
  });

  it('waits for an unknown membership id, then dead-letters it with a clear reason', async () => {
    const { deps, queue } = setup();
    const event = iicEvent({ eventName: 'DeleteGroupMembership', membershipId: 'mem-unknown' });
    const [first] = await processBatch([record(event, 1)], deps);
    expect(first?.outcome).toBe('retryLater');
    const [last] = await processBatch([record(event, 3)], deps);
    expect(last?.outcome).toBe('deadLettered');
    expect(queue.deadLetters[0]?.reason).toMatch(/membership mem-unknown/);
  });

  it('resolves DeleteGroupMembership through a membership learned earlier', async () => {
    const { deps, wickr } = setup();
    await processBatch([record(iicEvent({ eventName: 'CreateGroupMembership', userId: 'iic-bo', groupId: 'g-admins', membershipId: 'mem-1' }))], deps);
    expect(wickr.users.get('1002')?.securityGroupIds).toEqual(['SGADMIN1']);
    const [result] = await processBatch([record(iicEvent({ eventName: 'DeleteGroupMembership', membershipId: 'mem-1' }))], deps);
    expect(result?.outcome).toBe('unchanged');
  });

  it('re-syncs former members on a group-wide trigger through their own ResyncUser messages', async () => {
    const { deps, iic, wickr, queue } = setup();
    await processBatch([record(iicEvent({ eventName: 'CreateGroupMembership', userId: 'iic-bo', groupId: 'g-admins', membershipId: 'mem-2' }))], deps);
    iic.users.set('iic-bo', { ...iic.users.get('iic-bo')!, groups: [] });
    const [result] = await processBatch([record(iicEvent({ eventName: 'PatchGroup', groupId: 'g-admins' }))], deps);
    expect(result?.outcome).toBe('unchanged');
    expect(queue.sent).toHaveLength(1);
    const [resync] = await processBatch(
      queue.sent.map((m) => record(m.body)),
      deps,
    );
    expect(resync?.outcome).toBe('applied');
    expect(wickr.users.get('1002')?.securityGroupIds).toEqual(['SGDEFLT1']);
  });

  it('makes no write in dry-run mode and logs the request it would have sent', async () => {
    const { deps, wickr, logger } = setup({ dryRun: true });
    const [result] = await processBatch([record(addAna())], deps);
    expect(result?.outcome).toBe('applied');
    expect(wickr.writes).toHaveLength(0);
    const line = logger.lines.find((l) => l.message.startsWith('dry run'));
    expect(line?.extra?.requests).toEqual([{ operation: 'UpdateUser', body: { userId: '1001', userDetails: { securityGroupIds: ['SGENG001'] } } }]);
  });

  it('never logs a full email or name in audit lines', async () => {
    const { deps, okta, logger } = setup();
    okta.users.set('00uAna', { ...ana, firstName: 'Anabela' });
    await processBatch([record(addAna())], deps);
    const text = JSON.stringify(logger.lines);
    expect(text).not.toContain('Anabela');
    expect(text).not.toContain('ana@example.com');
  });
});

describe('Function: processBatch() with usernames in another Unicode form', () => {
  it('finds the NFC Wickr account of a user whose IdP email is NFD, and renames nobody', async () => {
    const { deps, okta, wickr, store } = setup();
    // Wickr holds "josé" composed (NFC); the IdP sends it decomposed (NFD: e + U+0301).
    wickr.users.set('1009', { userId: '1009', username: 'jos\u00e9@example.com', firstName: 'Jos\u00e9', lastName: 'Lima', securityGroupIds: ['SGENG001'], suspended: false });
    okta.users.set('00uJose', { ...ana, idpUserId: '00uJose', email: 'jose\u0301@example.com', login: 'jose\u0301@example.com', firstName: 'Jos\u00e9' });
    const [result] = await processBatch([record(oktaEvent({ eventType: 'group.user_membership.add', userId: '00uJose', login: 'jose\u0301@example.com', groupId: '00gEng', uuid: 'nfd' }))], deps);
    expect(result).toMatchObject({ outcome: 'unchanged', wickrUserId: '1009' });
    expect(await store.getLink('okta:00uJose')).toMatchObject({ wickrUserId: '1009' });
    expect(wickr.writes).toEqual([]);
  });
});

describe('Function: processBatch() with a message delivered twice in one batch', () => {
  it('still processes it once instead of calling both copies duplicates', async () => {
    const { deps, wickr } = setup();
    const copy = record(addAna('evt-same-message'));
    const results = await processBatch([copy, { ...copy }], deps);
    expect(wickr.writes).toHaveLength(1);
    expect(results.map((r) => r.outcome)).toEqual(['applied', 'applied']);
  });
});

describe('Function: processBatch() with a non-Error thrown by a dependency', () => {
  it('hands the record back for retry instead of losing it', async () => {
    const { deps, wickr, queue } = setup();
    wickr.failNext = ['a bare string'];
    const [result] = await processBatch([record(addAna('evt-non-error'))], deps);
    expect(result).toMatchObject({ outcome: 'retryLater', errorClass: 'Error' });
    // Its text is not ours: it stays out of the reason (item 2: reasons hold codes, never server text).
    expect(result?.reason).not.toContain('a bare string');
    expect(queue.delays).toHaveLength(1);
  });
});
