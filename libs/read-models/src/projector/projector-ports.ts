export interface ProjectorLogger {
  log(message: string): void;
  error(message: string, error?: unknown): void;
}

/**
 * Who may project. With several projector processes on one database only one may write the read
 * models at a time; the platform provides that on PostgreSQL (an advisory lock), and a lone process
 * (SQLite, tests) is always the leader.
 */
export interface ProjectorLeadership {
  /** Resolves once this process leads, or once `signal` aborts (the projector is stopping). */
  acquire(signal: AbortSignal): Promise<void>;
  /** True when leadership acquired earlier has been lost (the session holding it dropped). */
  readonly lost: boolean;
  release(): Promise<void>;
}

/** The only projector there is: it always leads. */
export const SOLE_PROJECTOR: ProjectorLeadership = {
  acquire: async () => undefined,
  lost: false,
  release: async () => undefined,
};

/**
 * Appends made by other processes, which the event store's own `onAppended` cannot see; the
 * platform provides PostgreSQL's LISTEN. Missing a signal only delays the projector to its next poll.
 */
export interface AppendSignals {
  /** Calls `onAppend` for appends elsewhere until closed, reconnecting after a lost connection. */
  open(onAppend: () => void): Promise<void>;
  close(): Promise<void>;
}
