import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteTestDatabase, runBuiltCli, type TestDatabase } from '@ledger/testing';

/**
 * The README promises exit 2 with a plain message for every usage error: commander's own checks
 * (missing argument, unknown option, missing option value, stray arguments) as much as the
 * commands' own.
 */
describe('usage errors of the built CLI', () => {
  let database: TestDatabase;
  let cwd: string;
  const ledger = (...args: string[]) => runBuiltCli(database, args, { cwd, timeoutMs: 30_000 });
  const hash = 'a'.repeat(64);

  beforeAll(() => {
    database = createSqliteTestDatabase();
    cwd = mkdtempSync(join(tmpdir(), 'ledger-cli-usage-'));
  });

  afterAll(async () => {
    rmSync(cwd, { recursive: true, force: true });
    await database.drop();
  });

  it('is called ledger in its help, which lists every command and the exit codes', () => {
    const help = ledger('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: ledger \[options\] \[command\]$/m);
    expect(help.stdout).not.toMatch(/\bmain\b/);
    expect(help.stdout).toMatch(/2 a usage error/);
    for (const command of [
      'verify',
      'digest',
      'token',
      'export',
      'import',
      'history',
      'rebuild',
      'replay',
    ])
      expect(help.stdout).toMatch(new RegExp(`^ {2}${command}\\b`, 'm'));
    const historyHelp = ledger('history', '--help');
    expect(historyHelp.status).toBe(0);
    expect(historyHelp.stdout).toMatch(/^Usage: ledger history \[options\] <proposal-id>$/m);
  });

  it.each([
    [['history'], /missing required argument 'proposal-id'/],
    [['history', 'not-a-uuid'], /the proposal id must be a UUID/],
    [['history', '--bogus'], /unknown option '--bogus'/],
    [['digest', 'extra'], /too many arguments for 'digest'/],
    [['verify', '--position'], /option '--position <n>' argument missing/],
    [['verify', '--position', 'x', '--hash', hash], /--position must be a whole number from 1/],
    [['verify', '--position', '0', '--hash', hash], /--position must be a whole number from 1/],
    [['verify', '--position', '1'], /--position and --hash go together/],
    [['verify', '--position', '1', '--hash', 'ABC'], /--hash must be 64 lowercase hex characters/],
    [['verify', '--after', '3'], /use them with --file/],
    [['verify', '--file', 'x.jsonl', '--position', '1', '--hash', hash], /with --file use --after/],
    [['export'], /--format is required/],
    [['export', '--format', 'xml', '--out', 'x'], /--format must be jsonl or csv/],
    [['export', '--format', 'jsonl'], /--out is required/],
    [
      ['export', '--format', 'jsonl', '--out', 'x', '--after', '-1'],
      /--after must be a whole number/,
    ],
    [['import'], /--file is required/],
    [['replay'], /--as-of is required/],
    [['replay', '--as-of', 'yesterday'], /--as-of must be an ISO 8601 time/],
    [
      ['replay', '--as-of', '2026-11-28T09:30:00Z', '--fiscal-year', '2026'],
      /--fiscal-year must look like 2026-27/,
    ],
    [['rebuild', 'no-such-projection'], /there is no projection "no-such-projection"/],
    [['rebuild', 'proposal-register', 'budget-summary'], /too many arguments for 'rebuild'/],
    [['token'], /--sub is required/],
    [['token', '--sub', 'alice'], /--roles is required/],
    [['token', '--sub', 'alice', '--roles', 'wizard'], /unknown role wizard/],
    [
      ['token', '--sub', 'alice', '--roles', 'proposer', '--expires-in', 'soon'],
      /--expires-in must look like/,
    ],
    [['no-such-command'], /unknown command 'no-such-command'/],
  ])('exits 2 for ledger %j with a plain message', (args, message) => {
    const run = ledger(...args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^error: /);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  });
});
