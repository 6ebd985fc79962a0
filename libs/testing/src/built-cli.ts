import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The built command line, as an operator runs it: `npm run build` must have made it. */
export const BUILT_CLI = resolve(__dirname, '../../../dist/apps/cli/src/main.js');

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the built CLI against a test database (`dataDir`, and `databaseUrl` on PostgreSQL) with the
 * environment an operator would give it, from `cwd` when given.
 */
export function runBuiltCli(
  database: { readonly dataDir: string; readonly databaseUrl?: string | null },
  args: readonly string[],
  options: { readonly cwd?: string; readonly timeoutMs?: number } = {},
): CliRun {
  if (!existsSync(BUILT_CLI))
    throw new Error(`${BUILT_CLI} is missing: build the CLI first with npm run build`);
  const result = spawnSync(process.execPath, [BUILT_CLI, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
    env: {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'silent',
      LEDGER_DATA_DIR: database.dataDir,
      ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
    },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
