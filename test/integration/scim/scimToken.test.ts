import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { main, scimTableName, storeGivenToken } from '../../../scripts/scim-token';
import { hashToken } from '../../../src/core/scim/tokens';
import { createScimTable, scimWorld } from './world';

async function run(argv: string[]) {
  const lines: string[] = [];
  const code = await main(argv, { out: (line) => lines.push(line) });
  return { code, lines };
}

describe('npm run scim-token', () => {
  const dynamo = new DynamoDBClient({});

  it('names the stage table as the stack does', () => {
    expect(scimTableName('prod')).toBe('wickr-idp-sync-prod-scim');
  });

  it('prints help and exits 0; a usage error exits 2', async () => {
    expect((await run(['--help'])).code).toBe(0);
    expect((await run(['--stage', 'x'])).code).toBe(2);
    expect((await run(['--stage', 'x', 'rotate'])).code).toBe(2);
    expect((await run(['--stage', 'x', 'create', '--expires-in', '0'])).code).toBe(2);
    expect((await run(['--stage', 'x', 'revoke'])).code).toBe(2);
  });

  it('creates a token shown once and stored only as its hash, lists it, refuses a third, and revokes', async () => {
    const table = await createScimTable(dynamo);
    const first = await run(['--table-name', table, 'create']);
    expect(first.code).toBe(0);
    const token = first.lines[1];
    expect(token).toMatch(/^wis_/);
    const second = await run(['--table-name', table, 'create', '--expires-in', '365']);
    expect(second.lines[0]).toMatch(/expires/);
    expect((await run(['--table-name', table, 'create'])).code).toBe(1);

    const listed = await run(['--table-name', table, 'list']);
    expect(listed.lines).toHaveLength(2);
    expect(listed.lines.join('\n')).not.toContain(token);
    expect(listed.lines[0]).toMatch(/no expiry {2}live$/);
    const id = listed.lines[0].split(' ')[0];
    expect((await run(['--table-name', table, 'revoke', id])).code).toBe(0);
    expect((await run(['--table-name', table, 'revoke', id])).code).toBe(1);
    expect((await run(['--table-name', table, 'list'])).lines).toHaveLength(1);
  });

  it('stores a given token for the local stack, and the endpoint accepts it', async () => {
    const world = await scimWorld();
    const record = await storeGivenToken(dynamo, world.tableName, 'local-token-0123456789abcdef');
    expect(record.sha256).toBe(hashToken('local-token-0123456789abcdef'));
    expect((await world.call('GET', '/ServiceProviderConfig', { token: 'local-token-0123456789abcdef' })).status).toBe(200);
  });
});
