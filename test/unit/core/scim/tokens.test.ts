import { SCIM_MAX_LIVE_TOKENS } from '../../../../src/core/scim/constants';
import { TokenLimitError, TokenVerifier, createToken, hashToken, revokeToken, storeToken } from '../../../../src/core/scim/tokens';
import { FakeTokenStore } from './fakes';

const NOW = Date.parse('2026-12-06T12:00:00Z');

describe('SCIM tokens', () => {
  it('stores only the SHA-256 of a new token, with no expiry by default', async () => {
    const store = new FakeTokenStore();
    const { token, record } = await createToken(store, { now: NOW });
    expect(token).toMatch(/^wis_[A-Za-z0-9_-]{43}$/);
    expect(record).toEqual({ id: expect.any(String), sha256: hashToken(token), createdAt: '2026-12-06T12:00:00.000Z' });
    expect(JSON.stringify([...store.records.values()])).not.toContain(token);
  });

  it('sets expiresAt from --expires-in days', async () => {
    const { record } = await createToken(new FakeTokenStore(), { now: NOW, expiresInDays: 30 });
    expect(record.expiresAt).toBe('2027-01-05T12:00:00.000Z');
  });

  it(`refuses a third live token, but not once one expired or was revoked`, async () => {
    const store = new FakeTokenStore();
    await createToken(store, { now: NOW, expiresInDays: 1 });
    const { record } = await createToken(store, { now: NOW });
    await expect(createToken(store, { now: NOW })).rejects.toBeInstanceOf(TokenLimitError);
    expect(store.records.size).toBe(SCIM_MAX_LIVE_TOKENS);
    await createToken(store, { now: NOW + 2 * 86_400_000 });
    await expect(createToken(store, { now: NOW + 2 * 86_400_000 })).rejects.toBeInstanceOf(TokenLimitError);
    expect(await revokeToken(store, record.id)).toBe(true);
    expect(await revokeToken(store, record.id)).toBe(false);
    await expect(createToken(store, { now: NOW + 2 * 86_400_000 })).resolves.toBeDefined();
  });

  it('refuses a given token shorter than 20 characters', async () => {
    await expect(storeToken(new FakeTokenStore(), 'short', { now: NOW })).rejects.toBeInstanceOf(TokenLimitError);
  });

  describe('TokenVerifier', () => {
    async function setUp() {
      const store = new FakeTokenStore();
      const clock = { t: NOW };
      const verifier = new TokenVerifier({ store, now: () => clock.t, cacheMs: 60_000, missRefreshMs: 5_000 });
      const { token, record } = await createToken(store, { now: NOW });
      return { store, clock, verifier, token, record };
    }

    it('accepts either of two live tokens and refuses others', async () => {
      const { store, verifier, token } = await setUp();
      const second = await createToken(store, { now: NOW });
      expect(await verifier.verify(`Bearer ${token}`)).toBe(true);
      expect(await verifier.verify(`bearer ${second.token}`)).toBe(true);
      expect(await verifier.verify(`Bearer ${token}x`)).toBe(false);
      expect(await verifier.verify(token)).toBe(false);
      expect(await verifier.verify(undefined)).toBe(false);
    });

    it('keeps honouring a revoked token until its cache expires (the documented revocation delay)', async () => {
      const { store, clock, verifier, token, record } = await setUp();
      expect(await verifier.verify(`Bearer ${token}`)).toBe(true);
      await revokeToken(store, record.id);
      clock.t += 59_000;
      expect(await verifier.verify(`Bearer ${token}`)).toBe(true);
      clock.t += 1_000;
      expect(await verifier.verify(`Bearer ${token}`)).toBe(false);
    });

    it('refuses an expired token', async () => {
      const store = new FakeTokenStore();
      const clock = { t: NOW };
      const { token } = await createToken(store, { now: NOW, expiresInDays: 1 });
      const verifier = new TokenVerifier({ store, now: () => clock.t, cacheMs: 60_000 });
      expect(await verifier.verify(`Bearer ${token}`)).toBe(true);
      clock.t += 86_400_000;
      expect(await verifier.verify(`Bearer ${token}`)).toBe(false);
    });

    it('sees a new token after a miss, but reads the store at most every missRefreshMs for wrong tokens', async () => {
      const { store, clock, verifier, token } = await setUp();
      expect(await verifier.verify(`Bearer ${token}`)).toBe(true);
      const readsBefore = store.reads;
      for (let i = 0; i < 10; i++) expect(await verifier.verify('Bearer wrong-token-0123456789')).toBe(false);
      expect(store.reads).toBe(readsBefore);
      clock.t += 5_000;
      const fresh = await createToken(store, { now: clock.t });
      expect(await verifier.verify(`Bearer ${fresh.token}`)).toBe(true);
    });
  });
});
