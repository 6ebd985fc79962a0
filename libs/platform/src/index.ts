export * from './ledger.config';
export * from './database';
