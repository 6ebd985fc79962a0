import { resolve } from 'node:path';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LedgerConfig {
  readonly production: boolean;
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** A postgres:// URL, or null for the embedded SQLite file under dataDir. */
  readonly databaseUrl: string | null;
  readonly eventStore: 'sql' | 'kurrentdb';
  readonly kurrentdbUrl: string | null;
  readonly logLevel: LogLevel;
  readonly jwt: {
    readonly secret: string | null;
    readonly jwksUrl: string | null;
    readonly issuer: string | null;
    readonly audience: string | null;
  };
  /** The web app's OpenID Connect client: it signs people in at jwt.issuer when clientId is set. */
  readonly oidc: {
    readonly clientId: string | null;
    readonly scopes: string;
  };
  readonly bodyLimitBytes: number;
  readonly corsOrigins: readonly string[];
  /** Requests a minute one client (IP address) may make before getting 429. */
  readonly rateLimitPerMinute: number;
  /** in-process: the API process keeps the read models up to date; off: a separate projector does. */
  readonly projector: 'in-process' | 'off';
  /** Whom to believe in X-Forwarded-For: false (no one), a hop count, or proxy addresses. */
  readonly trustProxy: boolean | string | string[];
  /** Readiness fails while a projection this process runs trails the log by more events than this. */
  readonly readyMaxLagEvents: number;
  /** Where the separate projector process answers health and metrics; 0 takes any free port. */
  readonly projectorPort: number;
  /** Idempotency answers younger than this are never purged. */
  readonly idempotencyRetentionDays: number;
}

/** Every variable the ledger reads, with its meaning; the docker files test checks against it. */
export const CONFIG_VARIABLES = {
  NODE_ENV: 'production makes a missing LEDGER_JWT_SECRET fatal',
  PORT: 'HTTP port (default 3000)',
  HOST: 'interface to listen on (default 0.0.0.0)',
  LEDGER_DATA_DIR: 'directory for the SQLite file and local secrets (default ./data)',
  DATABASE_URL: 'a postgres:// URL switches the event store and read models to PostgreSQL',
  LEDGER_EVENT_STORE: 'sql (default) or kurrentdb',
  KURRENTDB_URL: 'kurrentdb:// connection string, required with LEDGER_EVENT_STORE=kurrentdb',
  LOG_LEVEL: `one of ${LOG_LEVELS.join(', ')} (default info)`,
  LEDGER_JWT_SECRET: 'HS256 secret for bearer tokens (at least 32 characters)',
  LEDGER_JWT_JWKS_URL: 'an OIDC issuer JWKS URL, instead of the shared secret',
  LEDGER_JWT_ISSUER: 'required issuer (iss) of tokens',
  LEDGER_JWT_AUDIENCE: 'required audience (aud) of tokens',
  LEDGER_OIDC_CLIENT_ID:
    "the web app's OpenID Connect client id at LEDGER_JWT_ISSUER (sign-in with an organisation account)",
  LEDGER_OIDC_SCOPES: 'scopes the web app asks the issuer for (default "openid profile")',
  LEDGER_BODY_LIMIT: 'largest accepted request body in bytes (default 1048576)',
  LEDGER_CORS_ORIGINS: 'comma-separated origins allowed by CORS (default: none, CORS off)',
  LEDGER_RATE_LIMIT: 'requests a minute one client may make before 429 (default 1200)',
  LEDGER_PROJECTOR:
    'in-process (default) or off, when a separate projector process keeps the read models',
  LEDGER_TRUST_PROXY:
    'reverse proxies to believe in X-Forwarded-For: a hop count or comma-separated addresses/CIDRs (default: none)',
  LEDGER_READY_MAX_LAG:
    'events a projection may trail the log before /health/ready answers 503 (default 1000)',
  LEDGER_PROJECTOR_PORT:
    'HTTP port of the separate projector process, for /health/live, /health/ready, /health and /metrics (default 3001; 0: any free port)',
  LEDGER_IDEMPOTENCY_RETENTION_DAYS:
    'days an Idempotency-Key answer is kept before it may be purged (default 30)',
} as const;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment once at start; a bad value stops the process naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const value = (name: keyof typeof CONFIG_VARIABLES): string | null => {
    const raw = env[name];
    return raw === undefined || raw.trim() === '' ? null : raw.trim();
  };
  const production = value('NODE_ENV') === 'production';

  const portText = value('PORT') ?? '3000';
  if (!/^\d+$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
    throw new ConfigError('PORT', `must be a whole number from 1 to 65535, got "${portText}"`);
  }

  const dataDir = value('LEDGER_DATA_DIR') ?? './data';
  if (dataDir.includes('\0')) throw new ConfigError('LEDGER_DATA_DIR', 'must be a directory path');

  const databaseUrl = value('DATABASE_URL');
  if (databaseUrl !== null) {
    let url: URL;
    try {
      url = new URL(databaseUrl);
    } catch {
      throw new ConfigError('DATABASE_URL', 'must be a postgres:// URL');
    }
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
      throw new ConfigError('DATABASE_URL', `must be a postgres:// URL, got a ${url.protocol} URL`);
    }
    if (!url.hostname && !url.searchParams.get('host')) {
      throw new ConfigError('DATABASE_URL', 'must name a host');
    }
  }

  const eventStore = value('LEDGER_EVENT_STORE') ?? 'sql';
  if (eventStore !== 'sql' && eventStore !== 'kurrentdb') {
    throw new ConfigError('LEDGER_EVENT_STORE', `must be sql or kurrentdb, got "${eventStore}"`);
  }
  const kurrentdbUrl = value('KURRENTDB_URL');
  if (eventStore === 'kurrentdb') {
    if (!kurrentdbUrl)
      throw new ConfigError('KURRENTDB_URL', 'is required with LEDGER_EVENT_STORE=kurrentdb');
    if (!/^(kurrentdb|kdb|esdb|kurrent)(\+discover)?:\/\//.test(kurrentdbUrl)) {
      throw new ConfigError('KURRENTDB_URL', 'must be a kurrentdb:// connection string');
    }
    if (!databaseUrl) {
      throw new ConfigError(
        'DATABASE_URL',
        'is required with LEDGER_EVENT_STORE=kurrentdb (the read models live in PostgreSQL)',
      );
    }
  }

  const logLevel = (value('LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(
      'LOG_LEVEL',
      `must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`,
    );
  }

  const secret = value('LEDGER_JWT_SECRET');
  if (secret !== null && secret.length < 32) {
    throw new ConfigError('LEDGER_JWT_SECRET', 'must be at least 32 characters long');
  }
  const jwksUrl = value('LEDGER_JWT_JWKS_URL');
  if (jwksUrl !== null && !/^https?:\/\//.test(jwksUrl)) {
    throw new ConfigError('LEDGER_JWT_JWKS_URL', 'must be an http(s) URL');
  }

  const oidcClientId = value('LEDGER_OIDC_CLIENT_ID');
  if (oidcClientId !== null && !/^[\x21-\x7e]{1,200}$/.test(oidcClientId)) {
    throw new ConfigError(
      'LEDGER_OIDC_CLIENT_ID',
      'must be up to 200 printable characters without spaces',
    );
  }
  if (oidcClientId !== null && (jwksUrl === null || value('LEDGER_JWT_ISSUER') === null)) {
    throw new ConfigError(
      'LEDGER_OIDC_CLIENT_ID',
      'needs LEDGER_JWT_JWKS_URL and LEDGER_JWT_ISSUER: the web app signs people in at that issuer',
    );
  }
  const oidcScopes = (value('LEDGER_OIDC_SCOPES') ?? 'openid profile').split(/\s+/);
  if (
    !oidcScopes.includes('openid') ||
    !oidcScopes.every((scope) => /^[\x21-\x7e]+$/.test(scope))
  ) {
    throw new ConfigError(
      'LEDGER_OIDC_SCOPES',
      `must be space-separated scopes including openid, got "${oidcScopes.join(' ')}"`,
    );
  }

  const bodyLimitText = value('LEDGER_BODY_LIMIT') ?? '1048576';
  if (!/^\d+$/.test(bodyLimitText) || Number(bodyLimitText) < 1024) {
    throw new ConfigError('LEDGER_BODY_LIMIT', 'must be a whole number of bytes, at least 1024');
  }

  const rateLimitText = value('LEDGER_RATE_LIMIT') ?? '1200';
  if (!/^\d+$/.test(rateLimitText) || Number(rateLimitText) < 1) {
    throw new ConfigError(
      'LEDGER_RATE_LIMIT',
      'must be a whole number of requests a minute, at least 1',
    );
  }

  const projector = value('LEDGER_PROJECTOR') ?? 'in-process';
  if (projector !== 'in-process' && projector !== 'off') {
    throw new ConfigError('LEDGER_PROJECTOR', `must be in-process or off, got "${projector}"`);
  }

  const trustProxyText = value('LEDGER_TRUST_PROXY');
  let trustProxy: boolean | string | string[] = false;
  if (trustProxyText !== null) {
    if (/^\d+$/.test(trustProxyText)) trustProxy = trustProxyText;
    else if (/^[0-9a-fA-F.:/,\s]+$/.test(trustProxyText))
      trustProxy = trustProxyText
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean);
    else
      throw new ConfigError(
        'LEDGER_TRUST_PROXY',
        'must be a hop count or comma-separated proxy addresses, e.g. 10.0.0.0/8',
      );
  }

  const readyMaxLagText = value('LEDGER_READY_MAX_LAG') ?? '1000';
  if (!/^\d+$/.test(readyMaxLagText) || !Number.isSafeInteger(Number(readyMaxLagText))) {
    throw new ConfigError(
      'LEDGER_READY_MAX_LAG',
      `must be a whole number of events, got "${readyMaxLagText}"`,
    );
  }

  const projectorPortText = value('LEDGER_PROJECTOR_PORT') ?? '3001';
  if (!/^\d+$/.test(projectorPortText) || Number(projectorPortText) > 65535) {
    throw new ConfigError(
      'LEDGER_PROJECTOR_PORT',
      `must be a whole number from 0 (any free port) to 65535, got "${projectorPortText}"`,
    );
  }

  const retentionText = value('LEDGER_IDEMPOTENCY_RETENTION_DAYS') ?? '30';
  if (!/^\d+$/.test(retentionText) || Number(retentionText) < 1 || Number(retentionText) > 36500) {
    throw new ConfigError(
      'LEDGER_IDEMPOTENCY_RETENTION_DAYS',
      `must be a whole number of days from 1 to 36500, got "${retentionText}"`,
    );
  }

  const corsOrigins = (value('LEDGER_CORS_ORIGINS') ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin.length > 0);

  return {
    production,
    port: Number(portText),
    host: value('HOST') ?? '0.0.0.0',
    dataDir: resolve(dataDir),
    databaseUrl,
    eventStore,
    kurrentdbUrl,
    logLevel: logLevel as LogLevel,
    jwt: {
      secret,
      jwksUrl,
      issuer: value('LEDGER_JWT_ISSUER'),
      audience: value('LEDGER_JWT_AUDIENCE'),
    },
    oidc: { clientId: oidcClientId, scopes: oidcScopes.join(' ') },
    bodyLimitBytes: Number(bodyLimitText),
    corsOrigins,
    rateLimitPerMinute: Number(rateLimitText),
    projector,
    trustProxy,
    readyMaxLagEvents: Number(readyMaxLagText),
    projectorPort: Number(projectorPortText),
    idempotencyRetentionDays: Number(retentionText),
  };
}
