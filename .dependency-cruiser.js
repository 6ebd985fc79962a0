/** Architecture rules: the domain is pure, libraries never reach into apps, no cycles. */
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
      from: { path: '^libs/domain/src', pathNot: '\\.spec\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'event-store-knows-no-domain',
      comment: 'the event store stores any events; it must not know the governance domain or the apps',
      severity: 'error',
      from: { path: '^libs/event-store/src' },
      to: { path: ['^libs/(domain|ledger|read-models)/', '^apps/'] },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'production-code-does-not-import-testing',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: ['\\.spec\\.ts$', '^libs/testing/', '/testing/'] },
      to: { path: ['^libs/testing/', '/src/testing/'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|data)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
