export * from './ledger.config';
export * from './database';
export * from './ledger.metrics';
export * from './ledger-database.module';
export * from './access-tokens';
export * from './idempotency/idempotency.store';
export * from './verification/chain-verifier';
export * from './priorities/priority-solver';
