/**
 * The Okta directory adapter, through our Okta client, against the Okta emulator; and the token's
 * way in, from moto's Secrets Manager.
 */
import { randomUUID } from 'node:crypto';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { startOktaEmulator, type OktaEmulator, type OktaSeed } from '../../local/okta-emulator';
import { loadSecretString } from '../../src/adapters/aws/secrets';
import { createOktaDirectory, type OktaDirectoryOptions } from '../../src/adapters/okta';
import { DependencyError } from '../../src/core/errors';
import type { Logger } from '../../src/core/ports';

const TOKEN = `okta-${randomUUID()}`;
const groups = Array.from({ length: 5 }, (_, i) => ({ id: `00g${i}`, name: `Wickr Group ${i}` }));
const seed: OktaSeed = {
  token: TOKEN,
  users: [
    { id: '00u1', status: 'ACTIVE', profile: { login: 'ana@example.com', email: 'ana.lima@example.com', firstName: 'Ana', lastName: 'Lima' }, groupIds: groups.map((g) => g.id) },
    { id: '00u2', status: 'DEPROVISIONED', profile: { login: 'bo@example.com', email: 'bo@example.com', firstName: 'Bo', lastName: 'Berg' }, groupIds: ['00g0'] },
    { id: '00u3', status: 'LOCKED_OUT', profile: { login: 'cy@example.com', email: 'cy@example.com', firstName: 'Cy', lastName: 'Cole' }, groupIds: ['00g0'] },
  ],
  groups,
};

describe('Okta directory against the Okta emulator', () => {
  let emulator: OktaEmulator;
  const warnings: unknown[][] = [];
  const logger: Logger = { debug: () => {}, info: () => {}, warn: (...args) => void warnings.push(args), error: () => {} };
  const directory = (options: Partial<OktaDirectoryOptions> = {}) => createOktaDirectory({ orgUrl: emulator.url, token: TOKEN, logger, ...options });

  beforeEach(async () => {
    warnings.length = 0;
    // Page size 2 with five groups: every group read crosses three pages.
    emulator = await startOktaEmulator({ seed, pageSize: 2 });
  });
  afterEach(async () => {
    await emulator.stop();
  });

  it('reads a user by id with all groups across pagination', async () => {
    // Act
    const user = await directory().getUser('00u1');
    // Assess
    expect(user).toEqual({
      idpUserId: '00u1',
      email: 'ana.lima@example.com',
      login: 'ana@example.com',
      firstName: 'Ana',
      lastName: 'Lima',
      active: true,
      groups: groups.map((g) => ({ id: g.id, name: g.name })),
    });
    expect(emulator.state().requests['GET /api/v1/users/{idOrLogin}/groups']).toEqual({ '200': 3 });
  });

  it('reads a user by login', async () => {
    const user = await directory().getUser('ana@example.com');
    expect(user?.idpUserId).toBe('00u1');
    expect(user?.groups).toHaveLength(5);
  });

  it.each([
    ['00u2', false],
    ['00u3', true],
  ])('reports the status of %s as active=%s', async (id, active) => {
    expect((await directory().getUser(id))?.active).toBe(active);
  });

  it('returns null for a user Okta does not know', async () => {
    await expect(directory().getUser('nobody@example.com')).resolves.toBeNull();
    expect(emulator.state().requests['GET /api/v1/users/{idOrLogin}']).toEqual({ '404': 1 });
  });

  it('sees changes made in Okta between two reads (nothing is cached)', async () => {
    // Prepare
    const okta = directory();
    await okta.getUser('00u1');
    emulator.setUser({ id: '00u1', status: 'SUSPENDED', profile: { login: 'ana@example.com', email: 'ana@example.com', firstName: 'Ana', lastName: 'Souza' }, groupIds: ['00g4'] });
    // Act
    const user = await okta.getUser('00u1');
    // Assess
    expect(user).toMatchObject({ active: false, lastName: 'Souza', groups: [{ id: '00g4', name: 'Wickr Group 4' }] });
  });

  it('returns null once the user is deleted', async () => {
    const okta = directory();
    emulator.deleteUser('00u1');
    await expect(okta.getUser('00u1')).resolves.toBeNull();
  });

  it('retries a 429 after X-Rate-Limit-Reset and then succeeds', async () => {
    // Prepare
    emulator.failNext(1);
    // Act
    const user = await directory().getUser('00u1');
    // Assess
    expect(user?.idpUserId).toBe('00u1');
    expect(emulator.state().requests['GET /api/v1/users/{idOrLogin}']).toEqual({ '429': 1, '200': 1 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.[1]).toMatchObject({ delayMs: expect.any(Number) });
  });

  it('raises THROTTLING when 429s outlast the retries', async () => {
    // Prepare
    emulator.failNext(5);
    // Act
    const result = directory({ maxRetries: 0 }).getUser('00u1');
    // Assess
    await expect(result).rejects.toBeInstanceOf(DependencyError);
    await expect(result).rejects.toMatchObject({ dependency: 'directory', kind: 'THROTTLING', statusCode: 429, code: 'E0000047' });
  });

  it('raises THROTTLING at once when the rate-limit reset lies beyond the request budget', async () => {
    // Prepare: a frozen clock at the start of a minute, one call per family and minute, already spent.
    await emulator.stop();
    const frozen = Date.parse('2026-01-01T00:00:00Z');
    emulator = await startOktaEmulator({ seed: { ...seed, rateLimit: { limit: 1, windowSeconds: 60 } }, now: () => frozen });
    await directory().getUser('00u9');
    const started = Date.now();
    // Act
    const result = directory({ requestTimeoutMs: 500 }).getUser('00u1');
    // Assess
    await expect(result).rejects.toMatchObject({ kind: 'THROTTLING' });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('raises AUTH for a token Okta rejects', async () => {
    const result = directory({ token: 'revoked' }).getUser('00u1');
    await expect(result).rejects.toMatchObject({ dependency: 'directory', kind: 'AUTH', statusCode: 401, code: 'E0000011' });
  });

  it('re-reads a rotated token once after a 401 and carries on', async () => {
    // Prepare: Okta now only accepts the new token; the directory still holds the old one.
    const rotated = `okta-${randomUUID()}`;
    const getToken = jest.fn(async (refresh: boolean) => (refresh ? rotated : TOKEN));
    const okta = createOktaDirectory({ orgUrl: emulator.url, getToken, logger });
    await okta.getUser('00u1');
    emulator.reset({ ...seed, token: rotated });
    // Act
    const user = await okta.getUser('00u1');
    // Assess
    expect(user?.idpUserId).toBe('00u1');
    expect(getToken.mock.calls).toEqual([[false], [true]]);
    expect(emulator.state().requests['GET /api/v1/users/{idOrLogin}']).toEqual({ '401': 1, '200': 1 });
  });

  it('raises TRANSIENT when Okta cannot be reached, without the login in the error', async () => {
    // Prepare
    const okta = directory();
    await emulator.stop();
    // Act
    const error = await okta.getUser('ana@example.com').catch((e: unknown) => e);
    emulator = await startOktaEmulator();
    // Assess
    expect(error).toMatchObject({ kind: 'TRANSIENT' });
    const cause = (error as Error).cause as Error;
    expect(`${(error as Error).message} ${(error as Error).stack} ${cause.message} ${cause.stack} ${String(cause.cause)}`).not.toContain('ana');
  });

  it('lists every member of a group across pages', async () => {
    // Act
    const ids = await directory().listGroupMemberIds('00g0');
    // Assess
    expect(ids).toEqual(['00u1', '00u2', '00u3']);
    expect(emulator.state().requests['GET /api/v1/groups/{groupId}/users']).toEqual({ '200': 2 });
  });

  it('lists no members for a group Okta does not know', async () => {
    await expect(directory().listGroupMemberIds('00gNope')).resolves.toEqual([]);
  });

  it('reads Okta with the token loaded from Secrets Manager', async () => {
    // Prepare
    const secrets = new SecretsManagerClient({});
    const name = `okta-token-${randomUUID()}`;
    await secrets.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify({ token: TOKEN }) }));
    // Act
    const token = await loadSecretString(name, secrets);
    const user = await createOktaDirectory({ orgUrl: emulator.url, token, logger }).getUser('00u1');
    // Assess
    expect(user?.idpUserId).toBe('00u1');
  });

  it('loads a plain-text secret as the token', async () => {
    const secrets = new SecretsManagerClient({});
    const name = `okta-token-${randomUUID()}`;
    await secrets.send(new CreateSecretCommand({ Name: name, SecretString: `${TOKEN}\n` }));
    await expect(loadSecretString(name, secrets)).resolves.toBe(TOKEN);
  });

  it('raises a config AUTH error for a secret that does not exist', async () => {
    const result = loadSecretString(`missing-${randomUUID()}`, new SecretsManagerClient({}));
    await expect(result).rejects.toMatchObject({ dependency: 'config', kind: 'AUTH', code: 'ResourceNotFoundException' });
  });
});
