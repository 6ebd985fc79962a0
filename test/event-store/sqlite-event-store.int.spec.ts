import { eventStoreContract } from './event-store.contract';

describe('SQLite event store', () => {
  eventStoreContract('sqlite');
});
