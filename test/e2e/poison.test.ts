import { MAPPING, eventsFor, genericEvent, oktaEvent, planUsers, prng, seedFor, shuffle, type PlannedUser } from './company';
import { expectWickrMatchesTruth, runE2E } from './harness';

describe('e2e: poison of every kind among good events', () => {
  it('dead-letters only the poison, each with its class and reason', async () => {
    // Prepare
    const random = prng(6004);
    const users = planUsers({ okta: 4, iic: 2, generic: 4 }, random);
    const good = users.flatMap((u) => eventsFor(u, 1, 'good', random));
    // A mapping rule that names a security group Wickr does not have: UpdateUser answers ValidationError.
    const mapping = { ...MAPPING, securityGroups: [{ idpGroup: 'Contractors', securityGroupId: 'SGGHOST1' }, ...MAPPING.securityGroups] };
    const seed = seedFor(users, {}, mapping);
    const ghost: PlannedUser = {
      kind: 'okta',
      idpId: '00ughost',
      wickrUserId: '2901',
      email: 'ghost@example.com',
      before: { firstName: 'Gus', lastName: 'Host', securityGroupId: 'SGDEFLT1' },
      truth: { firstName: 'Gus', lastName: 'Host', active: true, groups: [] },
    };
    seed.wickr.users.push({ userId: '2901', username: 'ghost@example.com', firstName: 'Gus', lastName: 'Host', securityGroupIds: ['SGDEFLT1'], suspended: false });
    const okta = seed.okta as { users: object[]; groups: object[] };
    okta.groups.push({ id: '00gcontractors', name: 'Contractors' });
    okta.users.push({ id: '00ughost', status: 'ACTIVE', profile: { login: 'ghost@example.com', email: 'ghost@example.com', firstName: 'Gus', lastName: 'Host' }, groupIds: ['00gcontractors'] });
    const wrongType = oktaEvent(users[0], 'poison-wrong-type', 1);
    (wrongType.detail as Record<string, unknown>).published = 1795860022;
    // A generic user without an email, while the mapping takes the username from the email.
    const noEmail = genericEvent({ ...ghost, idpId: 'ext-no-email' }, 'poison-no-email', 3);
    delete (noEmail.detail as { user: Record<string, unknown> }).user.email;
    const events = shuffle([...good, wrongType, oktaEvent(ghost, 'poison-ghost-group', 2), noEmail], random);

    // Act
    const run = await runE2E({ seed, events, rawMessages: ['{"version":"0","detail":'] });

    // Assess
    const letters = [...run.report.deadLetters].sort((a, b) => a.errorClass.localeCompare(b.errorClass));
    expect(letters.map((l) => l.errorClass)).toEqual(['MalformedEvent', 'MalformedJson', 'UnmappableUser', 'ValidationError']);
    expect(letters.map((l) => l.eventId)).toEqual(['poison-wrong-type', expect.any(String), 'poison-no-email', 'poison-ghost-group']);
    for (const letter of letters) expect(letter.reason.length).toBeGreaterThan(5);
    expect(run.report.events.deadLettered).toBe(4);
    expectWickrMatchesTruth(run, users);
  });
});
