import { statSync } from 'node:fs';
import { UsageError } from './usage-error';

/** Refuses, as a usage error naming the cause, a path that is not a file this process can read. */
export function assertReadableFile(file: string): void {
  try {
    if (!statSync(file).isFile()) throw new UsageError(`${file} is not a file`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
}
