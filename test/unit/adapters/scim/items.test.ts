import { chooseEmail, toDirectoryUser } from '../../../../src/adapters/scim';
import { DependencyError } from '../../../../src/core/errors';

describe('Function: chooseEmail()', () => {
  it.each([
    [
      'the primary one',
      [
        { value: 'home@x.io', type: 'home' },
        { value: 'work@x.io', type: 'work' },
        { value: 'main@x.io', primary: true },
      ],
      'main@x.io',
    ],
    [
      'else the work one, whatever its case',
      [
        { value: 'home@x.io', type: 'home' },
        { value: 'work@x.io', type: 'Work' },
      ],
      'work@x.io',
    ],
    [
      'else the first',
      [
        { value: 'a@x.io', type: 'home' },
        { value: 'b@x.io', type: 'other' },
      ],
      'a@x.io',
    ],
    ['none when there is none', [], undefined],
  ])('takes %s', (_, emails, expected) => {
    expect(chooseEmail(emails)).toBe(expected);
  });
});

describe('Function: toDirectoryUser()', () => {
  const item = {
    id: { S: 'u1' },
    userName: { S: 'Ana.Lima' },
    givenName: { S: 'Ana' },
    familyName: { S: '' },
    active: { BOOL: false },
    emails: { L: [{ M: { value: { S: 'ana@x.io' }, type: { S: 'work' } } }] },
  };

  it('maps userName to login, the chosen email, given name, active and the groups given; an empty name is left out', () => {
    expect(toDirectoryUser(item, [{ id: 'g1', name: 'Eng' }])).toEqual({ idpUserId: 'u1', login: 'Ana.Lima', email: 'ana@x.io', firstName: 'Ana', active: false, groups: [{ id: 'g1', name: 'Eng' }] });
  });

  it('refuses an item without userName as a directory error', () => {
    expect(() => toDirectoryUser({ id: { S: 'u1' } }, [])).toThrow(DependencyError);
  });
});
