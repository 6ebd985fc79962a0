/** Injection tokens of the platform module, apart so providers can use them without a cycle. */
export const LEDGER_CONFIG = Symbol('LedgerConfig');
export const LEDGER_DATABASE = Symbol('LedgerDatabase');
