export * from './test-databases';
export * from './event-store.harness';
export * from './test-app';
export * from './governance-fixtures';
export * from './http-problems';
export * from './built-cli';
export * from './verify-stretches';
