import { SignJWT } from 'jose';
import { AccessTokens, InvalidToken } from './access-tokens';

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

describe('AccessTokens: claims the ledger records or trusts (issue 21 hardening)', () => {
  const SECRET = new TextEncoder().encode(config.jwt.secret);
  const tokens = () => new AccessTokens(config);

  async function signed(claims: Record<string, unknown>, issuedAt?: number): Promise<string> {
    const jwt = new SignJWT({ roles: ['proposer'], ...claims })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setExpirationTime('1h');
    if (issuedAt !== undefined) jwt.setIssuedAt(issuedAt);
    return jwt.sign(SECRET);
  }
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  it('accepts a name of 200 characters, counting an emoji as one', async () => {
    const name = `${'A'.repeat(199)}😀`;
    await expect(tokens().verify(await signed({ sub: 'alice', name }))).resolves.toMatchObject({
      name,
    });
  });

  it.each([
    ['longer than 200 characters', 'A'.repeat(201)],
    ['holding a line break', 'Alice\nAdmin'],
    ['holding a tab', 'Alice\tSmith'],
    ['holding an escape sequence', 'Alice \u001b[31mSmith'],
    ['holding a right-to-left override', 'Alice \u202Ehtims'],
    ['holding a lone surrogate', 'Alice \ud800'],
    ['not text', 42],
    ['an object', { given: 'Alice' }],
  ])('refuses a name %s, rather than recording it cut or cleaned', async (_label, name) => {
    const refused = tokens().verify(await signed({ sub: 'alice', name }));
    await expect(refused).rejects.toBeInstanceOf(InvalidToken);
    await expect(refused).rejects.toThrow(/name claim/);
  });

  it('reads an absent or blank name as the subject, as before', async () => {
    await expect(tokens().verify(await signed({ sub: 'alice' }))).resolves.toMatchObject({
      name: 'alice',
    });
    await expect(tokens().verify(await signed({ sub: 'bob', name: '  ' }))).resolves.toMatchObject({
      name: 'bob',
    });
  });

  it('accepts a subject of 255 characters and refuses one of 256', async () => {
    await expect(tokens().verify(await signed({ sub: 's'.repeat(255) }))).resolves.toMatchObject({
      id: 's'.repeat(255),
    });
    await expect(tokens().verify(await signed({ sub: 's'.repeat(256) }))).rejects.toThrow(
      /subject \(sub\)/,
    );
  });

  it.each([
    ['a control character', 'alice\u0000'],
    ['a line break', 'alice\nadmin'],
    ['a bidirectional override', '\u202Ealice'],
  ])('refuses a subject holding %s', async (_label, sub) => {
    await expect(tokens().verify(await signed({ sub }))).rejects.toThrow(/subject \(sub\)/);
  });

  it('refuses a token issued in the future beyond the clock skew, and accepts one within it', async () => {
    await expect(
      tokens().verify(await signed({ sub: 'alice' }, nowSeconds() + 60)),
    ).rejects.toThrow('The token was issued in the future (iat)');
    await expect(
      tokens().verify(await signed({ sub: 'alice' }, nowSeconds() + 3)),
    ).resolves.toMatchObject({ id: 'alice' });
    await expect(
      tokens().verify(await signed({ sub: 'alice' }, nowSeconds() - 3600)),
    ).resolves.toMatchObject({ id: 'alice' });
    await expect(tokens().verify(await signed({ sub: 'alice' }))).resolves.toMatchObject({
      id: 'alice',
    });
  });

  it("never puts the token's own text into the short description a challenge carries", async () => {
    const refused = tokens()
      .verify(await signed({ sub: 'alice', roles: ['proposer', 'x" , error="nothing'] }))
      .catch((error: unknown) => error);
    const error = (await refused) as InvalidToken;
    expect(error).toBeInstanceOf(InvalidToken);
    expect(error.message).toContain('x" , error=');
    expect(error.description).toBe('The token claims do not match the contract');
    expect(error.presented).toBe(true);
  });
});
