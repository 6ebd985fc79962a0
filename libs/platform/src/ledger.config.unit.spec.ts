import { ConfigError, loadConfig } from './ledger.config';

describe('loadConfig', () => {
  it('boots with no configuration on the embedded SQLite default', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: null,
      eventStore: 'sql',
      logLevel: 'info',
      production: false,
      readyMaxLagEvents: 1000,
      projectorPort: 3001,
      idempotencyRetentionDays: 30,
    });
    expect(config.dataDir).toMatch(/data$/);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '0'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['DATABASE_URL', 'not a url'],
    ['LOG_LEVEL', 'loud'],
    ['LEDGER_EVENT_STORE', 'mongodb'],
    ['LEDGER_JWT_SECRET', 'too-short'],
    ['LEDGER_BODY_LIMIT', '12'],
    ['LEDGER_READY_MAX_LAG', '-1'],
    ['LEDGER_READY_MAX_LAG', 'lots'],
    ['LEDGER_PROJECTOR_PORT', '65536'],
    ['LEDGER_IDEMPOTENCY_RETENTION_DAYS', '0'],
    ['LEDGER_IDEMPOTENCY_RETENTION_DAYS', '1.5'],
  ])('stops at start when %s is %p, naming the variable', (variable, value) => {
    const attempt = () => loadConfig({ [variable]: value });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(new RegExp(`^Invalid configuration: ${variable} `));
  });

  it('needs KURRENTDB_URL and DATABASE_URL for the KurrentDB event store', () => {
    expect(() => loadConfig({ LEDGER_EVENT_STORE: 'kurrentdb' })).toThrow(/KURRENTDB_URL/);
    expect(() =>
      loadConfig({
        LEDGER_EVENT_STORE: 'kurrentdb',
        KURRENTDB_URL: 'kurrentdb://localhost:2113?tls=false',
      }),
    ).toThrow(/DATABASE_URL/);
  });

  it('accepts a PostgreSQL URL and a log level in any case', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://ledger@db:5432/ledger',
      LOG_LEVEL: 'DEBUG',
      PORT: '8080',
    });
    expect(config).toMatchObject({
      databaseUrl: 'postgres://ledger@db:5432/ledger',
      logLevel: 'debug',
      port: 8080,
    });
  });

  it('reads the readiness bound, the projector port and the idempotency retention', () => {
    expect(
      loadConfig({
        LEDGER_READY_MAX_LAG: '0',
        LEDGER_PROJECTOR_PORT: '9464',
        LEDGER_IDEMPOTENCY_RETENTION_DAYS: '7',
      }),
    ).toMatchObject({ readyMaxLagEvents: 0, projectorPort: 9464, idempotencyRetentionDays: 7 });
  });
});
