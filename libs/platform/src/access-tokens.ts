import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  SignJWT,
  type JWTPayload,
} from 'jose';
import { ROLES, unsafeTextFault } from '@ledger/domain';
import { ConfigError, type LedgerConfig } from './ledger.config';

/** The authenticated person behind a request, as their token describes them. */
export interface TokenActor {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly authorities: readonly string[];
}

export class InvalidToken extends Error {
  readonly code = 'invalid-token';
  constructor(
    message: string,
    /**
     * A short fixed text for WWW-Authenticate's error_description (RFC 6750 §3): never anything
     * the token itself says, since the header goes back to whoever sent it, quoted.
     */
    readonly description: string = message,
    /** False when the request carried no bearer token at all: RFC 6750 §3.1 then gives no error code. */
    readonly presented = true,
  ) {
    super(message);
    this.name = 'InvalidToken';
  }
}

export interface JwtSecretSource {
  readonly secret: string;
  /** Set when the secret was generated and kept in the data dir on this start. */
  readonly generatedAt: string | null;
  readonly file: string | null;
}

/**
 * The HS256 secret: LEDGER_JWT_SECRET when set; otherwise, outside production, one generated on the
 * first start and kept in the data dir (mode 0600) so tokens survive restarts.
 */
export function resolveJwtSecret(
  config: Pick<LedgerConfig, 'jwt' | 'dataDir' | 'production'>,
): JwtSecretSource {
  if (config.jwt.secret) return { secret: config.jwt.secret, generatedAt: null, file: null };
  if (config.production) {
    throw new ConfigError(
      'LEDGER_JWT_SECRET',
      'is required when NODE_ENV=production (or set LEDGER_JWT_JWKS_URL)',
    );
  }
  const file = join(config.dataDir, 'jwt-secret');
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= 32) return { secret, generatedAt: null, file };
  }
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { secret, generatedAt: new Date().toISOString(), file };
}

const ASYMMETRIC = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

/** Seconds an issuer's clock may be ahead of ours: for exp and nbf (jose) and iat (checked here). */
const CLOCK_SKEW_SECONDS = 5;
/** OpenID Connect Core §2: a subject identifier is at most 255 ASCII characters. */
const MAX_SUBJECT_LENGTH = 255;
const MAX_NAME_LENGTH = 200;
const CLAIMS_DESCRIPTION = 'The token claims do not match the contract';

/** How many verified tokens to remember, and for how long at most (a JWKS key may be rotated). */
const VERIFIED_CACHE_SIZE = 1000;
const VERIFIED_CACHE_MS = 5 * 60_000;

/** Verifies bearer tokens (HS256 with the shared secret, or an OIDC issuer's JWKS) and mints them. */
export class AccessTokens {
  private readonly key: Uint8Array | ReturnType<typeof createRemoteJWKSet>;
  private readonly algorithms: string[];
  /**
   * Tokens already verified, by their exact text, until their `exp` (at most VERIFIED_CACHE_MS):
   * a client sends the same token on every request, and verifying its signature each time was a
   * tenth of a write's cost. Only successes are kept, and an entry is never used past `exp`.
   */
  private readonly verified = new Map<string, { actor: TokenActor; until: number }>();

  constructor(
    private readonly config: Pick<LedgerConfig, 'jwt' | 'dataDir' | 'production'>,
    readonly secretSource: JwtSecretSource | null = config.jwt.jwksUrl
      ? null
      : resolveJwtSecret(config),
  ) {
    if (config.jwt.jwksUrl) {
      this.key = createRemoteJWKSet(new URL(config.jwt.jwksUrl));
      this.algorithms = ASYMMETRIC;
    } else {
      this.key = new TextEncoder().encode(secretSource!.secret);
      this.algorithms = ['HS256'];
    }
  }

  async verify(token: string): Promise<TokenActor> {
    const now = Date.now();
    const known = this.verified.get(token);
    if (known) {
      if (known.until > now) return known.actor;
      this.verified.delete(token);
    }
    const { actor, exp } = await this.verifyNow(token);
    const until = Math.min(exp * 1000, now + VERIFIED_CACHE_MS);
    if (until > now) {
      if (this.verified.size >= VERIFIED_CACHE_SIZE) {
        // Map iterates in insertion order: drop the oldest entry.
        this.verified.delete(this.verified.keys().next().value!);
      }
      this.verified.set(token, { actor, until });
    }
    return actor;
  }

  private async verifyNow(token: string): Promise<{ actor: TokenActor; exp: number }> {
    let payload: JWTPayload;
    try {
      const verified = await jwtVerify(token, this.key as Uint8Array, {
        algorithms: this.algorithms,
        issuer: this.config.jwt.issuer ?? undefined,
        audience: this.config.jwt.audience ?? undefined,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: CLOCK_SKEW_SECONDS,
      });
      payload = verified.payload;
    } catch (error) {
      throw new InvalidToken(describeJoseError(error));
    }
    const sub = payload.sub;
    if (
      typeof sub !== 'string' ||
      sub.length === 0 ||
      sub.length > MAX_SUBJECT_LENGTH ||
      unsafeTextFault(sub, 'single-line') !== null
    )
      throw new InvalidToken(
        `The token has no valid subject (sub): 1 to ${MAX_SUBJECT_LENGTH} characters, none of them control characters`,
        CLAIMS_DESCRIPTION,
      );
    // jose has checked that iat, when present, is a number; an issuer's clock may be a little ahead.
    if (payload.iat !== undefined && payload.iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS)
      throw new InvalidToken('The token was issued in the future (iat)');
    const name = personName(payload.name, sub);
    const roles = claimList(payload, 'roles');
    const unknownRole = roles.find((role) => !(ROLES as readonly string[]).includes(role));
    if (unknownRole !== undefined)
      throw new InvalidToken(
        `The token's roles claim holds "${unknownRole.slice(0, 50)}", which is not a role of this ledger`,
        CLAIMS_DESCRIPTION,
      );
    const actor: TokenActor = Object.freeze({
      id: sub,
      name,
      roles: Object.freeze(roles),
      authorities: Object.freeze(claimList(payload, 'authorities')),
    });
    // requiredClaims makes jose refuse a token without a numeric exp.
    return { actor, exp: payload.exp! };
  }

  /** Mints a token with the shared secret, for development, tests and the `token` command. */
  async mint(
    claims: {
      sub: string;
      name?: string;
      roles: readonly string[];
      authorities?: readonly string[];
    },
    expiresIn = '8h',
  ): Promise<string> {
    if (!this.secretSource)
      throw new Error(
        'Tokens come from the OIDC issuer when LEDGER_JWT_JWKS_URL is set; the ledger cannot mint them',
      );
    const jwt = new SignJWT({
      name: claims.name ?? claims.sub,
      roles: [...claims.roles],
      ...(claims.authorities && claims.authorities.length > 0
        ? { authorities: [...claims.authorities] }
        : {}),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuedAt()
      .setExpirationTime(expiresIn);
    if (this.config.jwt.issuer) jwt.setIssuer(this.config.jwt.issuer);
    if (this.config.jwt.audience) jwt.setAudience(this.config.jwt.audience);
    return jwt.sign(this.key as Uint8Array);
  }
}

const MAX_CLAIM_ITEMS = 50;

/**
 * The name recorded on every event the person causes, and printed in board papers: absent or blank
 * reads as the subject; otherwise one line of at most 200 characters, with none of the characters
 * the domain refuses in free text. A name that breaks this is refused, not cut or cleaned, so what
 * is recorded is what the issuer said.
 */
function personName(claim: unknown, sub: string): string {
  if (claim === undefined || (typeof claim === 'string' && claim.trim() === '')) return sub;
  if (
    typeof claim !== 'string' ||
    codePoints(claim) > MAX_NAME_LENGTH ||
    unsafeTextFault(claim, 'single-line') !== null
  )
    throw new InvalidToken(
      `The token's name claim must be one line of at most ${MAX_NAME_LENGTH} characters, none of them control characters or bidirectional overrides`,
      CLAIMS_DESCRIPTION,
    );
  return claim;
}

function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * A list claim as the contract gives it: absent (nothing), or an array of at most 50 strings. Any
 * other shape means the issuer and the ledger disagree about the contract, so the token is refused
 * rather than read as whatever part of it happens to fit: dropping the bad values silently signed
 * in a person whose roles nobody could say.
 */
function claimList(payload: JWTPayload, claim: 'roles' | 'authorities'): string[] {
  const value = payload[claim];
  if (value === undefined) return [];
  if (
    !Array.isArray(value) ||
    value.length > MAX_CLAIM_ITEMS ||
    !value.every((item): item is string => typeof item === 'string')
  )
    throw new InvalidToken(
      `The token's ${claim} claim must be a list of at most ${MAX_CLAIM_ITEMS} names`,
      CLAIMS_DESCRIPTION,
    );
  return [...value];
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'The token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed)
    return `The token's ${error.claim} claim is not accepted`;
  if (error instanceof joseErrors.JOSEAlgNotAllowed)
    return 'The token is signed with an algorithm this ledger does not accept';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed)
    return 'The token signature is not valid';
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid)
    return 'The token is malformed';
  if (error instanceof joseErrors.JWKSNoMatchingKey)
    return 'No key of the issuer matches the token';
  return 'The token could not be verified';
}
