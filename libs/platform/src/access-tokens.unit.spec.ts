import { AccessTokens } from './access-tokens';

const config = {
  jwt: {
    secret: 'unit-test-secret-unit-test-secret-0123456789',
    jwksUrl: null,
    issuer: null,
    audience: null,
  },
  dataDir: '/nonexistent',
  production: false,
};

describe('AccessTokens', () => {
  afterEach(() => jest.useRealTimers());

  it('answers a token it has verified again with the same actor', async () => {
    const tokens = new AccessTokens(config);
    const token = await tokens.mint({ sub: 'alice', name: 'Alice', roles: ['proposer'] });
    const first = await tokens.verify(token);
    expect(first).toEqual({ id: 'alice', name: 'Alice', roles: ['proposer'], authorities: [] });
    expect(await tokens.verify(token)).toBe(first);
    expect(Object.isFrozen(first.roles)).toBe(true);
  });

  it('refuses a token holding a role the ledger does not know, rather than dropping the role', async () => {
    const tokens = new AccessTokens(config);
    const token = await tokens.mint({ sub: 'alice', roles: ['proposer', 'wizard'] });
    await expect(tokens.verify(token)).rejects.toThrow(/"wizard", which is not a role/);
  });

  it('refuses a token past its exp even when it was verified before', async () => {
    jest.useFakeTimers({ now: new Date('2026-11-28T09:00:00.000Z') });
    const tokens = new AccessTokens(config);
    const token = await tokens.mint({ sub: 'alice', roles: ['proposer'] }, '60s');
    await expect(tokens.verify(token)).resolves.toMatchObject({ id: 'alice' });
    jest.setSystemTime(new Date('2026-11-28T09:01:10.000Z'));
    await expect(tokens.verify(token)).rejects.toThrow('The token has expired');
  });

  it('never remembers a token that failed verification', async () => {
    const tokens = new AccessTokens(config);
    const other = new AccessTokens({
      ...config,
      jwt: { ...config.jwt, secret: 'another-secret-another-secret-0123456789' },
    });
    const forged = await other.mint({ sub: 'mallory', roles: ['admin'] });
    await expect(tokens.verify(forged)).rejects.toThrow('The token signature is not valid');
    await expect(tokens.verify(forged)).rejects.toThrow('The token signature is not valid');
  });
});
