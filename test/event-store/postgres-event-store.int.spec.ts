import { describeWithPostgres } from '@ledger/testing';
import { eventStoreContract } from './event-store.contract';

describeWithPostgres('PostgreSQL event store', () => {
  eventStoreContract('postgres');
});
