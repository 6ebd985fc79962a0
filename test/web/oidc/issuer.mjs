// A real OpenID Connect issuer on loopback for the sign-in tests (oidc-provider is ESM-only, so the
// tests start it as a child process). It issues RS256 JWT access tokens for the ledger's audience,
// carrying the claims the API reads (name, roles, authorities), as Entra ID's app roles do.
// Prints one JSON line `{ "issuer": "http://127.0.0.1:<port>" }` when it is listening.
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import process from 'node:process';
import Provider from 'oidc-provider';

const audience = process.env.OIDC_AUDIENCE ?? 'api://ict-ledger';
const clientId = process.env.OIDC_CLIENT_ID ?? 'ledger-web';
const redirectUris = (process.env.OIDC_REDIRECT_URIS ?? '').split(',').filter(Boolean);

// The people a council's directory would hold, with the app roles assigned to them.
const people = {
  brenda: { name: 'Brenda Board', roles: ['board'], authorities: ['investment-board'] },
  fay: { name: 'Fay Finance', roles: ['finance'], authorities: [] },
  aude: { name: 'Aude Auditor', roles: ['auditor'], authorities: [] },
  priya: { name: 'Priya Proposer', roles: ['proposer'], authorities: [] },
};

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = {
  ...privateKey.export({ format: 'jwk' }),
  kid: 'test-key',
  alg: 'RS256',
  use: 'sig',
};

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      token_endpoint_auth_method: 'none',
      application_type: 'web',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      redirect_uris: redirectUris,
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: ['oidc-test-cookie-key-not-secret'] },
  pkce: { required: () => true },
  claims: { openid: ['sub'], profile: ['name'] },
  async findAccount(_ctx, sub) {
    const person = people[sub] ?? { name: sub, roles: [], authorities: [] };
    return { accountId: sub, claims: async () => ({ sub, name: person.name }) };
  },
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => audience,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: 'openid profile',
        audience,
        accessTokenTTL: 600,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  async extraTokenClaims(_ctx, token) {
    const person = people[token.accountId];
    return person
      ? { name: person.name, roles: person.roles, authorities: person.authorities }
      : {};
  },
});
provider.on('server_error', (_ctx, error) => process.stderr.write(`oidc issuer: ${error.stack}\n`));
server.on('request', provider.callback());
process.stdout.write(`${JSON.stringify({ issuer })}\n`);

for (const signal of ['SIGTERM', 'SIGINT'])
  process.on(signal, () => server.close(() => process.exit(0)));
