/**
 * Architecture rules: which lib may import which, who touches a database driver, no cycles, no
 * orphans. Layers, lowest first: domain (pure) and event-store (stores any events) know nothing
 * above them; read-models know the domain's events and the store; the ledger (application) uses all
 * three through their ports; the platform wires the ledger to real infrastructure; apps sit on top.
 */
const DRIVERS = '^node_modules/(pg|pg-[a-z-]+|better-sqlite3|@kurrent)/';
const SPEC = '\\.spec\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'libs/domain imports no framework, database, validation library or other lib',
      severity: 'error',
      from: { path: '^libs/domain/src' },
      to: {
        path: [
          '^node_modules/(@nestjs|typeorm|class-validator|class-transformer|pg|better-sqlite3|fastify|@fastify|rxjs|nestjs-pino|pino|prom-client|jose|@kurrent)',
          '^libs/(?!domain/)',
          '^apps/',
        ],
      },
    },
    {
      name: 'domain-has-no-io',
      comment: 'time, ids and I/O come in with the command, not from node built-ins',
      severity: 'error',
      from: { path: '^libs/domain/src', pathNot: SPEC },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'event-store-knows-no-domain',
      comment:
        'the event store stores any events; it must not know the governance domain, the layers above it or the apps',
      severity: 'error',
      from: { path: '^libs/event-store/src' },
      to: { path: ['^libs/(domain|ledger|read-models|platform)/', '^apps/'] },
    },
    {
      name: 'read-models-know-domain-and-store-only',
      comment:
        'a read model is a projection of the domain events read from the store: it may import those two libs and no other',
      severity: 'error',
      from: { path: '^libs/read-models/src', pathNot: SPEC },
      to: { path: '^libs/(?!(read-models|domain|event-store)/)' },
    },
    {
      name: 'ledger-does-not-import-the-platform',
      comment:
        'the application uses the domain, the store and the read models through their ports; the platform provides the implementations (e.g. PRIORITY_SOLVER)',
      severity: 'error',
      from: { path: '^libs/ledger/src', pathNot: SPEC },
      to: { path: '^libs/(?!(ledger|domain|event-store|read-models)/)' },
    },
    {
      name: 'only-the-platform-and-store-adapters-touch-drivers',
      comment:
        'database drivers (pg, better-sqlite3, the KurrentDB client) are reached only by libs/platform, the event store adapters and the test helpers; the read models declare the few driver methods they use as interfaces',
      severity: 'error',
      from: {
        pathNot: [
          '^libs/platform/src/',
          '^libs/event-store/src/(sqlite|postgres|kurrentdb)/',
          '^libs/testing/',
          SPEC,
        ],
      },
      to: { path: DRIVERS },
    },
    {
      name: 'typeorm-stays-in-the-storage-layers',
      comment:
        'TypeORM is how the read models declare their tables, migrations and typed queries, how the adapters migrate, and how the platform opens databases; the domain, the ledger and the apps do not use it',
      severity: 'error',
      from: { path: '^(libs/(domain|ledger)|apps)/', pathNot: SPEC },
      to: { path: '^node_modules/typeorm/' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-do-not-import-each-other',
      comment: 'apps share code through libs; the web app reaches the API over HTTP only',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'production-code-does-not-import-testing',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: [SPEC, '^libs/testing/', '/testing/'] },
      to: { path: ['^libs/testing/', '/src/testing/'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      comment:
        'a module nothing imports is dead code, unless something starts it: an entry point, a worker, a test, a config, or a helper for the tests outside apps and libs',
      severity: 'error',
      from: {
        orphan: true,
        pathNot: [
          '^apps/[^/]+/src/main\\.tsx?$',
          '\\.worker\\.ts$',
          '\\.spec\\.tsx?$',
          '\\.d\\.ts$',
          '(^|/)[^/]+\\.config\\.(js|cjs|mjs|ts)$',
          '^libs/testing/',
          '^libs/[^/]+/src/testing/',
          '^apps/web/e2e/',
        ],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|data)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
