// `npm run fuzz -- --minutes N [--seed S] [--db sqlite|postgres]`: the HTTP fuzzer for longer than the
// short run in `npm test`. It runs through jest (which compiles the TypeScript), so it works from a
// fresh clone after `npm install`, with no build. Loopback only: the app under test listens on 127.0.0.1.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');
const { parseArgs } = require('node:util');

const usage = 'usage: npm run fuzz -- --minutes N [--seed S] [--db sqlite|postgres]';
let values;
try {
  ({ values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '10' },
      seed: { type: 'string' },
      db: { type: 'string', default: 'sqlite' },
    },
  }));
} catch (error) {
  console.error(`${error.message}\n${usage}`);
  process.exit(2);
}
const minutes = Number(values.minutes);
if (
  !(minutes > 0) ||
  (values.seed !== undefined && !/^\d+$/.test(values.seed)) ||
  !['sqlite', 'postgres'].includes(values.db)
) {
  console.error(usage);
  process.exit(2);
}

const root = join(__dirname, '../..');
const jest = require.resolve('jest/bin/jest');
const result = spawnSync(
  process.execPath,
  [jest, '--selectProjects', 'e2e', '--runInBand', 'test/fuzz/http-fuzz.e2e.spec.ts'],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      FUZZ_MINUTES: String(minutes),
      FUZZ_DB: values.db,
      ...(values.seed !== undefined ? { FUZZ_SEED: values.seed } : {}),
    },
  },
);
process.exit(result.status ?? 1);
