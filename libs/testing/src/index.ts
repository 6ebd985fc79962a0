export * from './test-databases';
export * from './event-store.harness';
