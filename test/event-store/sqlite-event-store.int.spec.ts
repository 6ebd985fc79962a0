import { eventStoreContract } from './event-store.contract';
import { sqlStoreFactory } from './sql-store.factory';

describe('SQLite event store', () => {
  eventStoreContract(sqlStoreFactory('sqlite'));
});
