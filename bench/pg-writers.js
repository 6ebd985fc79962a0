'use strict';
// Issue 20's PostgreSQL writer figures in one run, interleaved round by round:
//   a         sequential single-event appends, this store against the raw single-row insert
//   replicas  POST /proposals on 1, 2 and 4 API processes against one database (no append lost,
//             positions gap-free, chain verified after every measurement)
// With --before DIR (a checkout of an earlier commit, built with `npx nest build api`, whose
// node_modules may be a link to this one's) the same measurements of that build run in the same
// rounds, so before and after share the machine's load.
//
//   node bench/pg-writers.js [--before DIR] [--rounds 5] [--events 3000] [--duration 8]
//                            [--processes 1,2,4] [--only a,replicas] [--rotate N]
const { execFile } = require('node:child_process');
const { mkdirSync, writeFileSync } = require('node:fs');
const { loadavg } = require('node:os');
const { join } = require('node:path');
const { median } = require('./lib/common');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const BEFORE = option('--before', null);
const ROUNDS = Number(option('--rounds', 5));
const EVENTS = Number(option('--events', 3000));
const DURATION = Number(option('--duration', 8));
const PROCESSES = option('--processes', '1,2,4').split(',').map(Number);
const ONLY = option('--only', 'a,replicas').split(',');
/** Where the interleaving starts, so a short run can take its measurements in another order. */
const ROTATE = Number(option('--rotate', 0));
const HERE = join(__dirname, '..');
const log = (line) => process.stderr.write(`${line}\n`);

function runWorker(root, task) {
  return new Promise((resolve) => {
    const load = loadavg()[0];
    execFile(
      process.execPath,
      [join(root, 'bench', 'worker.js'), JSON.stringify(task)],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const line = stdout.split('\n').find((l) => l.startsWith('@@RESULT '));
        const result = line
          ? JSON.parse(line.slice(9))
          : { error: (error && error.message) || stderr };
        resolve({ ...result, load: [load, loadavg()[0]] });
      },
    );
  });
}

function rotate(list, by) {
  return list.map((_, i) => list[(i + by) % list.length]);
}

async function main() {
  const builds = [{ name: 'after', root: HERE }];
  if (BEFORE) builds.push({ name: 'before', root: BEFORE });
  const results = { a: [], replicas: [] };
  for (let round = 0; round < ROUNDS; round++) {
    if (ONLY.includes('a')) {
      // Each build's store beside the raw driver measured right after it.
      const entries = rotate(builds, round).flatMap((build) => [
        { build, system: 'ours-pg' },
        { build, system: 'raw-pg' },
      ]);
      const perBuild = {};
      for (const { build, system } of entries) {
        const result = await runWorker(build.root, {
          task: 'append',
          system,
          events: EVENTS,
          streams: 1000,
          concurrency: 1,
          batch: 1,
        });
        (perBuild[build.name] ||= {})[system] = result;
        log(`round ${round + 1} a ${build.name} ${system}: ${fmt(result.eventsPerSec)}/s`);
      }
      for (const [name, r] of Object.entries(perBuild))
        results.a.push({
          round,
          build: name,
          ours: r['ours-pg'].eventsPerSec,
          raw: r['raw-pg'].eventsPerSec,
          ratio: r['ours-pg'].eventsPerSec / r['raw-pg'].eventsPerSec,
          errors: r['ours-pg'].errors,
          load: r['ours-pg'].load,
        });
    }
    if (ONLY.includes('replicas')) {
      const entries = rotate(
        builds.flatMap((build) => PROCESSES.map((processes) => ({ build, processes }))),
        round + ROTATE,
      );
      for (const { build, processes } of entries) {
        const result = await runWorker(HERE, {
          task: 'replicas',
          processes,
          duration: DURATION,
          script: join(build.root, 'dist/apps/api/src/main.js'),
        });
        results.replicas.push({ round, build: build.name, ...result });
        log(
          `round ${round + 1} replicas ${build.name} ×${processes}: ${fmt(result.reqPerSec)} req/s, ` +
            `lost ${result.lost}, gap-free ${result.gapFree}, verified ${result.verified && result.verified.ok}` +
            `${result.error ? ` ERROR ${result.error}` : ''}`,
        );
      }
    }
  }
  report(builds, results);
}

function fmt(n) {
  return typeof n === 'number' ? Math.round(n).toLocaleString('en-GB') : String(n);
}

function report(builds, results) {
  const lines = [];
  lines.push(
    `PostgreSQL writers, ${ROUNDS} rounds, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  for (const { name } of builds) {
    const a = results.a.filter((r) => r.build === name);
    if (a.length > 0)
      lines.push(
        `${name}: a. sequential appends ours ${fmt(median(a.map((r) => r.ours)))}/s, raw insert ${fmt(
          median(a.map((r) => r.raw)),
        )}/s, ratio median ${median(a.map((r) => r.ratio)).toFixed(2)}× (per round ${a
          .map((r) => r.ratio.toFixed(2))
          .join(', ')})`,
      );
    const one = results.replicas.filter((r) => r.build === name && r.processes === 1);
    for (const processes of PROCESSES) {
      const runs = results.replicas.filter((r) => r.build === name && r.processes === processes);
      if (runs.length === 0) continue;
      const rate = median(runs.map((r) => r.reqPerSec));
      // Each round's N-process rate against the 1-process rate of the same round.
      const perRound = runs
        .map((r) => {
          const base = one.find((o) => o.round === r.round);
          return base ? r.reqPerSec / base.reqPerSec : null;
        })
        .filter((x) => x !== null);
      lines.push(
        `${name}: POST /proposals, ${processes} API process(es): ${fmt(rate)} req/s median ` +
          `(rounds ${runs.map((r) => fmt(r.reqPerSec)).join(', ')}), vs 1 process ${
            perRound.length ? median(perRound).toFixed(2) : '-'
          }× (per round ${perRound.map((x) => x.toFixed(2)).join(', ')}), p99 ${median(
            runs.map((r) => r.p99Ms),
          )} ms, API CPU ${median(runs.map((r) => r.apiCpuMsPerRequest)).toFixed(2)} ms/request, ` +
          `lost ${runs.map((r) => r.lost).join('/')}, non-2xx ${runs.map((r) => r.non2xx).join('/')}, ` +
          `gap-free ${runs.every((r) => r.gapFree)}, verified ${runs.every((r) => r.verified && r.verified.ok)}`,
      );
    }
  }
  const text = lines.join('\n');
  process.stdout.write(`${text}\n`);
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `pg-writers-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      { rounds: ROUNDS, events: EVENTS, duration: DURATION, summary: lines, results },
      null,
      2,
    ),
  );
  process.stdout.write(`Results: ${file}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
