'use strict';
// The benchmark suite (issue 6): our store beside Emmett and the raw drivers, interleaved per
// workload in one process tree, each measurement in a fresh child process (bench/worker.js).
//   npm run bench               full sizes, medians of 3 runs, 5 for sequential appends (< 30 minutes)
//   npm run bench -- --quick    scaled down, 1 run (< 3 minutes)
// Options: --runs N, --only append,replay,stream,priorities,big,http, --profile (CPU profiles of
// our store's tasks into bench/results/profiles/), --no-install.
const { execFileSync, spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { existsSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const { setTimeout, clearTimeout } = require('node:timers');
const { join } = require('node:path');
const {
  BENCH,
  PEERS,
  ROOT,
  adminQuery,
  benchDatabases,
  clearRun,
  createPgDatabase,
  createTempDir,
  dropPgDatabase,
  median,
  now,
  removeDir,
} = require('./lib/common');

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const QUICK = args.includes('--quick');
const RUNS = Number(option('--runs') || (QUICK ? 1 : 3));
/**
 * Sequential appends (a) are one fsync'd commit each and swing by about ±20% from run to run, enough
 * to flip an on-the-line verdict, so a full run measures them twice more than the rest.
 */
const A_RUNS = QUICK ? RUNS : RUNS + 2;
const ONLY = option('--only') ? option('--only').split(',') : null;
const PROFILE = args.includes('--profile');
const STAMP = new Date().toISOString().replace(/[:.]/g, '-');
/** This run's tag, inherited by every worker: its databases and directories carry it (see clearRun). */
const RUN = randomBytes(4).toString('hex');
process.env.BENCH_RUN = RUN;
/** Workers still running, each the leader of its own process group (an HTTP task starts servers). */
const running = new Set();
/** Set when the run is interrupted: no new worker starts. */
let stopping = false;
const RESULTS = join(BENCH, 'results');
const PROFILES = join(RESULTS, 'profiles', STAMP);

const SIZES = QUICK
  ? {
      a: 1000,
      streams: 100,
      c2Appends: 200,
      replay: 10_000,
      streamLength: 1000,
      streamReps: 5,
      big: 10_000,
      httpSec: 2,
      peerLimitSec: 4,
      bigRuns: 1,
    }
  : {
      a: 10_000,
      streams: 1000,
      c2Appends: 5000,
      replay: 100_000,
      streamLength: 1000,
      streamReps: 20,
      big: 1_000_000,
      httpSec: 10,
      peerLimitSec: 20,
      bigRuns: 1,
    };

const log = (line) => process.stderr.write(`${line}\n`);
const wanted = (group) => !ONLY || ONLY.includes(group);

function ensureBuilt() {
  const needed = [
    'dist/libs/event-store/src/index.js',
    'dist/libs/read-models/src/index.js',
    'dist/apps/api/src/main.js',
  ];
  if (needed.every((file) => existsSync(join(ROOT, file)))) return;
  log('bench: building (npm run build)');
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
}

function ensurePeers() {
  const peers = [
    ['emmett-postgresql', '@event-driven-io/emmett-postgresql'],
    ['emmett-sqlite', '@event-driven-io/emmett-sqlite'],
  ];
  for (const [folder, name] of peers) {
    const dir = join(PEERS, folder);
    if (existsSync(join(dir, 'node_modules', name, 'package.json'))) continue;
    if (args.includes('--no-install')) throw new Error(`${name} is not installed in ${dir}`);
    log(`bench: installing ${name} (npm ci --prefix ${dir})`);
    execFileSync('npm', ['ci', '--prefix', dir, '--no-audit', '--no-fund'], {
      cwd: ROOT,
      stdio: ['ignore', 2, 2],
    });
  }
}

/** Runs one measurement in a child process and returns its result object. */
function runTask(task, { timeoutSec = 1800 } = {}) {
  const nodeArgs = [];
  if (PROFILE && String(task.system || 'ours').startsWith('ours')) {
    mkdirSync(PROFILES, { recursive: true });
    nodeArgs.push(
      '--cpu-prof',
      `--cpu-prof-dir=${PROFILES}`,
      `--cpu-prof-name=${task.task}-${task.system || task.kind || ''}-${Date.now()}.cpuprofile`,
    );
  }
  return new Promise((resolve) => {
    if (stopping) return resolve({ error: 'the run was interrupted' });
    const started = now();
    const child = spawn(
      process.execPath,
      [...nodeArgs, join(BENCH, 'worker.js'), JSON.stringify(task)],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
        detached: true,
      },
    );
    running.add(child);
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    const timer = setTimeout(() => killGroup(child), timeoutSec * 1000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      running.delete(child);
      const line = out
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('@@RESULT '));
      const result = line ? JSON.parse(line.slice(9)) : { error: `exited ${code} with no result` };
      const label = [task.task, task.system || task.kind, task.label].filter(Boolean).join(' ');
      log(`bench: ${label} ${((now() - started) / 1000).toFixed(1)}s ${brief(result)}`);
      resolve(result);
    });
  });
}

/** Kills a worker and whatever it started (API servers, writers): they share its process group. */
function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function brief(result) {
  if (result.error) return `ERROR ${result.error}`;
  const parts = [];
  if (result.eventsPerSec !== undefined) parts.push(`${fmt(result.eventsPerSec)} ev/s`);
  if (result.errors) parts.push(`${result.errors} errors (${result.firstError})`);
  if (result.missed !== undefined)
    parts.push(`missed ${result.missed} repeated ${result.repeated}`);
  if (result.peakRssMb !== undefined) parts.push(`peak RSS ${fmt(result.peakRssMb)} MB`);
  if (result.post)
    parts.push(
      `POST ${fmt(result.post.reqPerSec)}/s p99 ${result.post.p99Ms} ms, GET ${fmt(result.get.reqPerSec)}/s`,
    );
  if (result.coldMs !== undefined)
    parts.push(`cold ${fmt(result.coldMs)} ms, warm ${fmt(result.warmMedianMs)} ms`);
  return parts.join(', ');
}

function fmt(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return Number(value).toLocaleString('en-GB', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}

function machine() {
  let pg = 'unknown';
  return adminQuery('SHOW server_version')
    .then((r) => (pg = r.rows[0].server_version))
    .catch(() => undefined)
    .then(() => ({
      nproc: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
      cpu: os.cpus()[0] ? os.cpus()[0].model : 'unknown',
      memTotalGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      memFreeGb: Math.round((os.freemem() / 2 ** 30) * 10) / 10,
      postgres: pg,
      node: process.version,
      platform: `${os.type()} ${os.release()}`,
    }));
}

const PG = ['ours-pg', 'emmett-pg', 'raw-pg'];
const SQLITE = ['ours-sqlite', 'emmett-sqlite', 'raw-sqlite'];

/** `samples[figure][system]` holds one result per run. */
const samples = {};
function record(figure, system, result) {
  ((samples[figure] ||= {})[system] ||= []).push(result);
}

function rotate(list, by) {
  return list.map((_, i) => list[(i + by) % list.length]);
}

async function appendWorkloads(run, figures = ['a', 'b', 'c2']) {
  const workloads = [
    {
      figure: 'a',
      events: SIZES.a,
      streams: SIZES.streams,
      concurrency: 1,
      batch: 1,
      systems: [...PG, ...SQLITE],
    },
    {
      figure: 'b',
      events: SIZES.a,
      streams: SIZES.streams,
      concurrency: 16,
      batch: 1,
      systems: [...PG, 'ours-sqlite', 'emmett-sqlite'],
    },
    {
      figure: 'c2',
      events: SIZES.c2Appends * 10,
      streams: SIZES.streams,
      concurrency: 16,
      batch: 10,
      systems: [...PG, 'ours-sqlite', 'emmett-sqlite'],
    },
  ];
  for (const w of workloads.filter((workload) => figures.includes(workload.figure))) {
    for (const system of rotate(w.systems, run)) {
      const { figure, systems: _systems, ...sizes } = w;
      const result = await runTask({
        task: 'append',
        system,
        label: figure,
        ...sizes,
        timeLimitSec: system.startsWith('ours') ? 600 : SIZES.peerLimitSec,
      });
      record(figure, system, result);
    }
  }
}

async function replayWorkload(run) {
  for (const system of rotate([...PG, ...SQLITE], run)) {
    // Concurrent writers in another process: 16 appenders on PostgreSQL, one on SQLite (one writer at a time).
    const writers = system.endsWith('-pg') ? 16 : 1;
    let result = await runTask({ task: 'replay', system, events: SIZES.replay, writers });
    if (result.error && system === 'emmett-sqlite') {
      // Emmett-SQLite crashes (SQLITE_BUSY) when another process writes; measure it alone instead.
      const alone = await runTask({
        task: 'replay',
        system,
        events: SIZES.replay,
        writers: 0,
        label: 'no writer',
      });
      result = { ...alone, withWriterError: result.error, writers: 0 };
    }
    record('e', system, result);
  }
}

async function streamWorkload(run) {
  for (const system of rotate([...PG, ...SQLITE], run)) {
    record(
      'stream',
      system,
      await runTask({ task: 'stream', system, length: SIZES.streamLength, reps: SIZES.streamReps }),
    );
  }
}

async function bigLog(kind) {
  let db = null;
  let dataDir = null;
  if (kind === 'pg') db = await createPgDatabase();
  else dataDir = createTempDir();
  const where = { url: db ? db.url : null, dataDir, system: `ours-${kind}` };
  try {
    const prefill = await runTask(
      { task: 'prefill-domain', ...where, events: SIZES.big },
      { timeoutSec: 900 },
    );
    record('prefill', `ours-${kind}`, prefill);
    if (prefill.error) return;
    record(
      'verify',
      `ours-${kind}`,
      await runTask({ task: 'verify', ...where, runs: SIZES.bigRuns }),
    );
    record('export', `ours-${kind}`, await runTask({ task: 'export', ...where }));
    record(
      'rebuild',
      `ours-${kind}`,
      await runTask({ task: 'rebuild', ...where, runs: SIZES.bigRuns }, { timeoutSec: 1200 }),
    );
    record('apiRss', `ours-${kind}`, await runTask({ task: 'api-rss', ...where }));
  } finally {
    if (db) await dropPgDatabase(db.name).catch(() => undefined);
    if (dataDir) removeDir(dataDir);
  }
}

// ----------------------------------------------------------------------------- the report

/** An append run that lost more than 1% of its appends (or crashed) failed; ours fails on any error. */
const failed = (system, r) =>
  Boolean(r.error) ||
  (r.errors > 0 && (system.startsWith('ours') || r.errors > 0.01 * ((r.appended || 0) + r.errors)));
const rate = (r) => (r.attemptedRate !== undefined ? r.attemptedRate : r.eventsPerSec);

const value = (figure, system, pick = rate) => {
  const runs = (samples[figure] || {})[system] || [];
  if (runs.length === 0) return undefined;
  if (runs.some((r) => failed(system, r))) return null;
  return median(runs.map(pick).map((v) => (v === null || v === undefined ? NaN : v)));
};
const failure = (figure, system) => {
  const runs = (samples[figure] || {})[system] || [];
  const bad = runs.find((r) => failed(system, r));
  return bad ? bad.error || bad.firstError || 'failed' : null;
};
const ratio = (a, b) => (a && b ? a / b : null);

function buildReport() {
  const rows = [];
  const figures = {};
  const targets = [];
  const target = (name, actual, goal, met, detail = '') =>
    targets.push({ name, actual, goal, met, detail });

  const line = (label, figure, group, unit = 'events/s') => {
    const [o, e, r] = group;
    const ours = value(figure, o);
    const emmett = e ? value(figure, e) : undefined;
    const raw = r ? value(figure, r) : undefined;
    const peerFailure = e ? failure(figure, e) : null;
    figures[`${figure}.${o}`] = ours;
    if (e)
      figures[`${figure}.${e}`] = emmett === null && peerFailure ? `fails: ${peerFailure}` : emmett;
    if (r) figures[`${figure}.${r}`] = raw;
    rows.push({
      label,
      unit,
      ours,
      emmett: emmett === null && peerFailure ? `fails (${peerFailure.slice(0, 60)})` : emmett,
      raw,
      vsEmmett: typeof emmett === 'number' ? ratio(ours, emmett) : null,
      vsRaw: typeof raw === 'number' ? ratio(ours, raw) : null,
    });
    return { ours, emmett, raw };
  };

  const pgA = line('a. single-event appends, sequential (PostgreSQL)', 'a', PG);
  const pgB = line('b. single-event appends, 16 concurrent (PostgreSQL)', 'b', PG);
  const pgC = line('c2. 10-event appends, 16 concurrent (PostgreSQL)', 'c2', PG);
  const pgE = line('e. replay of the global log under concurrent writes (PostgreSQL)', 'e', PG);
  line('one 1,000-event stream read (PostgreSQL)', 'stream', PG);
  const sqA = line('a. single-event appends, sequential (SQLite FULL)', 'a', SQLITE);
  const sqB = line('b. single-event appends, 16 concurrent (SQLite FULL)', 'b', [
    'ours-sqlite',
    'emmett-sqlite',
    null,
  ]);
  line('c2. 10-event appends, 16 concurrent (SQLite FULL)', 'c2', [
    'ours-sqlite',
    'emmett-sqlite',
    null,
  ]);
  const sqE = line('e. replay of the global log, one concurrent writer (SQLite)', 'e', SQLITE);
  line('one 1,000-event stream read (SQLite)', 'stream', SQLITE);

  const replayCounts = {};
  for (const system of [...PG, ...SQLITE]) {
    const runs = (samples.e || {})[system] || [];
    if (runs.length === 0) continue;
    replayCounts[system] = {
      missed: runs.reduce((s, r) => s + (r.missed || 0), 0),
      repeated: runs.reduce((s, r) => s + (r.repeated || 0), 0),
      concurrentlyWritten: median(runs.map((r) => r.concurrentlyWritten || 0)),
    };
  }
  figures.replayCounts = replayCounts;

  const cmp = (name, r, goal, extra = '') =>
    target(name, r, `≥ ${goal}×`, r !== null && r >= goal, extra);
  const rel = (x, y) => (typeof x === 'number' && typeof y === 'number' ? x / y : null);
  if (samples.a) {
    cmp('PG a vs Emmett', rel(pgA.ours, pgA.emmett), 1.3);
    cmp('PG b vs Emmett', rel(pgB.ours, pgB.emmett), 2);
    cmp('PG c2 vs Emmett', rel(pgC.ours, pgC.emmett), 1);
    cmp('SQLite a vs Emmett-SQLite', rel(sqA.ours, sqA.emmett), 10);
    target(
      'SQLite b works and beats a',
      rel(sqB.ours, sqA.ours),
      '> 1×',
      !failure('b', 'ours-sqlite') && rel(sqB.ours, sqA.ours) > 1,
    );
  }
  if (samples.e) {
    const pgClean =
      replayCounts['ours-pg'] &&
      replayCounts['ours-pg'].missed === 0 &&
      replayCounts['ours-pg'].repeated === 0;
    const r = rel(pgE.ours, pgE.emmett);
    target('PG e vs Emmett, zero missed/repeated', r, '≥ 5×', r !== null && r >= 5 && pgClean);
    cmp('SQLite e vs Emmett-SQLite', rel(sqE.ours, sqE.emmett), 2);
  }

  const single = (label, key, figure, system, pick, unit) => {
    const v = value(figure, system, pick);
    figures[key] = v;
    rows.push({ label, unit, ours: v });
    return v;
  };
  if (samples.priorities) {
    const warm = single(
      'priorities: exact selection over 5,000 proposals, median (solver loaded)',
      'priorities.warmMedianMs',
      'priorities',
      'ours',
      (r) => r.warmMedianMs,
      'ms',
    );
    const cold = single(
      'priorities: first selection incl. loading the solver',
      'priorities.coldMs',
      'priorities',
      'ours',
      (r) => r.coldMs,
      'ms',
    );
    const max = value('priorities', 'ours', (r) => r.maxMs);
    figures['priorities.maxMs'] = max;
    target(
      'priorities over 5,000 < 2 s',
      warm,
      '< 2,000 ms',
      typeof warm === 'number' && warm < 2000,
      `slowest incl. cold start ${fmt(max)} ms, cold ${fmt(cold)} ms`,
    );
  }
  const n = fmt(SIZES.big);
  for (const kind of ['pg', 'sqlite']) {
    const sys = `ours-${kind}`;
    const name = kind === 'pg' ? 'PostgreSQL' : 'SQLite';
    if (!(samples.rebuild || {})[sys] && !(samples.prefill || {})[sys]) continue;
    single(
      `bulk prefill of ${n} domain events, 1,000-event appends (${name})`,
      `prefill.${sys}`,
      'prefill',
      sys,
      (r) => r.eventsPerSec,
      'events/s',
    );
    const rb = single(
      `projector rebuild of ${n} events (${name})`,
      `rebuild.${sys}`,
      'rebuild',
      sys,
      (r) => r.eventsPerSec,
      'events/s',
    );
    const vf = single(
      `verify over ${n} events (${name}), worker threads on ${os.availableParallelism()} cores; raw limit: only its two SHA-256 per event, one core`,
      `verify.${sys}`,
      'verify',
      sys,
      (r) => r.eventsPerSec,
      'events/s',
    );
    const hashLimit = value('verify', sys, (r) => r.hashLimit);
    figures[`verifyHashLimit.${sys}`] = hashLimit;
    if (typeof vf === 'number' && typeof hashLimit === 'number') {
      Object.assign(rows[rows.length - 1], { raw: hashLimit, vsRaw: vf / hashLimit });
    }
    const ex = single(
      `JSONL export of ${n} events, peak RSS of the exporting process (${name})`,
      `exportPeakRssMb.${sys}`,
      'export',
      sys,
      (r) => r.peakRssMb,
      'MB',
    );
    single(
      `JSONL export of ${n} events, rate (${name})`,
      `exportRate.${sys}`,
      'export',
      sys,
      (r) => r.eventsPerSec,
      'events/s',
    );
    single(
      `API RSS serving a ${n}-event log (${name})`,
      `apiRss.${sys}`,
      'apiRss',
      sys,
      (r) => r.rssMb,
      'MB',
    );
    const goal = kind === 'pg' ? 20_000 : 40_000;
    target(
      `rebuild ${name} (${n} events)`,
      rb,
      `≥ ${fmt(goal)}/s`,
      typeof rb === 'number' && rb >= goal,
    );
    target(
      `verify ${name} (${n} events; this CPU's SHA-256 alone allows ${fmt(hashLimit)}/s on one core)`,
      vf,
      '≥ 200,000/s',
      typeof vf === 'number' && vf >= 200_000,
    );
    target(
      `export peak RSS ${name} (${n} events)`,
      ex,
      '< 256 MB',
      typeof ex === 'number' && ex < 256,
    );
  }
  for (const kind of ['sqlite', 'pg']) {
    const runs = (samples.http || {})[kind];
    if (!runs) continue;
    const name = kind === 'pg' ? 'PostgreSQL' : 'SQLite';
    if (runs.some((r) => r.error)) {
      rows.push({ label: `HTTP (${name})`, unit: '', ours: null, emmett: runs[0].error });
      continue;
    }
    const m = (pick) => median(runs.map(pick));
    const routes = [
      ['POST /proposals', (r) => r.post, (r) => r.barePost],
      ['GET /proposals/{id}', (r) => r.get, (r) => r.bareGet],
    ];
    for (const [route, api, bare] of routes) {
      const rate = m((r) => api(r).reqPerSec);
      const bareRate = m((r) => bare(r).reqPerSec);
      const key = `http.${kind}.${route.startsWith('POST') ? 'post' : 'get'}`;
      figures[key] = {
        reqPerSec: rate,
        p50Ms: m((r) => api(r).p50Ms),
        p99Ms: m((r) => api(r).p99Ms),
        non2xx: m((r) => api(r).non2xx),
        bareFastify: {
          reqPerSec: bareRate,
          p50Ms: m((r) => bare(r).p50Ms),
          p99Ms: m((r) => bare(r).p99Ms),
        },
      };
      rows.push({
        label: `HTTP ${route}, 16 connections (${name})`,
        unit: 'req/s',
        ours: rate,
        raw: bareRate,
        vsRaw: ratio(rate, bareRate),
        note: `p50 ${figures[key].p50Ms} ms, p99 ${figures[key].p99Ms} ms; bare Fastify p99 ${figures[key].bareFastify.p99Ms} ms`,
      });
    }
    const post = figures[`http.${kind}.post`];
    const storeB = value('b', `ours-${kind}`);
    const share = rel(post.reqPerSec, storeB);
    // Runs from before the stack measurement have no stackPost.
    const stackRate = runs.every((r) => r.stackPost) ? m((r) => r.stackPost.reqPerSec) : null;
    const stackShare = rel(stackRate, storeB);
    if (stackRate !== null) {
      figures[`http.${kind}.postWithoutStore`] = {
        reqPerSec: stackRate,
        p50Ms: m((r) => r.stackPost.p50Ms),
        p99Ms: m((r) => r.stackPost.p99Ms),
      };
      rows.push({
        label: `HTTP POST /proposals, the API with drafting answered without the store (${name})`,
        unit: 'req/s',
        ours: stackRate,
        raw: post.bareFastify.reqPerSec,
        vsRaw: ratio(stackRate, post.bareFastify.reqPerSec),
        note: `the stack's own limit; the real POST reaches ${(post.reqPerSec / stackRate).toFixed(2)}× of it`,
      });
    }
    target(
      `HTTP POST ${name} vs the store's 16-concurrent append rate`,
      share,
      '≥ 0.4×',
      share !== null && share >= 0.4,
      stackShare === null
        ? ''
        : `the API answering without the store reaches ${stackShare.toFixed(2)}× of that rate`,
    );
    if (kind === 'sqlite')
      target(
        'HTTP p99 at 16 connections (SQLite)',
        post.p99Ms,
        '< 50 ms (POST and GET)',
        post.p99Ms < 50 && figures[`http.${kind}.get`].p99Ms < 50,
        `GET p99 ${figures[`http.${kind}.get`].p99Ms} ms`,
      );
  }
  return { rows, figures, targets };
}

function printTable(
  { rows, targets },
  info,
  saved = { mode: QUICK ? 'quick' : 'full', runs: RUNS, aRuns: A_RUNS },
) {
  const out = [];
  out.push(
    `Machine: ${info.nproc} cores (${info.cpu}), ${info.memTotalGb} GB RAM, PostgreSQL ${info.postgres}, Node ${info.node}; ${saved.mode} run, ${saved.runs === 1 ? '1 run' : `medians of ${saved.runs} runs`}${saved.aRuns && saved.aRuns !== saved.runs ? ` (sequential appends a: ${saved.aRuns})` : ''}`,
  );
  out.push('');
  out.push('| workload | unit | ours | Emmett | raw limit | ours / Emmett | ours / raw |');
  out.push('|---|---|---:|---:|---:|---:|---:|');
  const cell = (v) =>
    typeof v === 'number'
      ? fmt(v, v < 100 ? 1 : 0)
      : v === null
        ? 'fails'
        : v === undefined
          ? '—'
          : String(v);
  const x = (v) => (typeof v === 'number' ? `${fmt(v, 2)}×` : '—');
  for (const r of rows) {
    out.push(
      `| ${r.label}${r.note ? ` — ${r.note}` : ''} | ${r.unit} | ${cell(r.ours)} | ${cell(r.emmett)} | ${cell(r.raw)} | ${x(r.vsEmmett)} | ${x(r.vsRaw)} |`,
    );
  }
  out.push('');
  out.push('| target (issue 6) | measured | goal | met |');
  out.push('|---|---:|---|---|');
  for (const t of targets) {
    const shown =
      typeof t.actual === 'number'
        ? t.goal.includes('×')
          ? `${fmt(t.actual, 2)}×`
          : fmt(t.actual, 1)
        : 'n/a';
    out.push(
      `| ${t.name}${t.detail ? ` (${t.detail})` : ''} | ${shown} | ${t.goal} | ${t.met ? 'yes' : 'NO'} |`,
    );
  }
  return out.join('\n');
}

/** `--report FILE`: rebuilds the table and JSON from a results file's samples, without measuring. */
function reportOnly(file) {
  const saved = JSON.parse(readFileSync(file, 'utf8'));
  Object.assign(samples, saved.samples);
  const report = buildReport();
  process.stdout.write(`${printTable(report, saved.machine, saved)}\n`);
  const { samples: _samples, ...rest } = saved;
  process.stdout.write(
    `${JSON.stringify({ ...rest, figures: report.figures, targets: report.targets })}\n`,
  );
}

async function main() {
  if (option('--report')) return reportOnly(option('--report'));
  // Interrupted, the run stops its workers and clears what they made before it exits.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, async () => {
      stopping = true;
      log(
        `bench: ${signal}, stopping the workers and clearing this run's databases and directories`,
      );
      const exited = [...running].map((child) => new Promise((done) => child.once('exit', done)));
      for (const child of running) killGroup(child);
      await Promise.all(exited);
      await clearRun(RUN).catch((error) =>
        log(`bench: could not clear run ${RUN}: ${error.message}`),
      );
      process.exit(130);
    });
  }
  try {
    await measure();
  } finally {
    const cleared = await clearRun(RUN);
    if (cleared > 0)
      log(`bench: cleared ${cleared} database(s) or directories a worker left behind`);
  }
}

async function measure() {
  const started = now();
  ensureBuilt();
  ensurePeers();
  const info = await machine();
  log(
    `bench: ${QUICK ? 'quick' : 'full'} run, ${RUNS} run(s), ${info.nproc} cores, PostgreSQL ${info.postgres}`,
  );
  const leftovers = await benchDatabases();
  if (leftovers.length > 0) {
    log(
      `bench: ${leftovers.length} database(s) from other runs are still on the server (${leftovers.join(', ')}): ` +
        'a run that is going on, or one that was killed outright; once no run is going on, ' +
        'DROP DATABASE <name> WITH (FORCE) removes them',
    );
  }
  for (let run = 0; run < RUNS; run++) {
    if (wanted('append')) await appendWorkloads(run);
    if (wanted('replay')) await replayWorkload(run);
    if (wanted('stream')) await streamWorkload(run);
  }
  for (let run = RUNS; run < A_RUNS; run++) if (wanted('append')) await appendWorkloads(run, ['a']);
  if (wanted('priorities'))
    record('priorities', 'ours', await runTask({ task: 'priorities', count: 5000, seeds: 4 }));
  if (wanted('big')) {
    await bigLog('pg');
    await bigLog('sqlite');
  }
  if (wanted('http')) {
    for (const kind of ['sqlite', 'pg']) {
      record('http', kind, await runTask({ task: 'http', kind, duration: SIZES.httpSec }));
    }
  }
  // An interrupted run reports nothing: its figures would be partial.
  if (stopping) return;
  const report = buildReport();
  const seconds = (now() - started) / 1000;
  const table = printTable(report, info);
  const ourReplay = ['ours-pg', 'ours-sqlite']
    .map((s) => report.figures.replayCounts[s])
    .filter(Boolean);
  const replayBroken = ourReplay.some((c) => c.missed !== 0 || c.repeated !== 0);
  const oursFailed = Object.entries(samples).some(([, bySystem]) =>
    Object.entries(bySystem).some(
      ([system, runs]) => system.startsWith('ours') && runs.some((r) => r.error || r.errors),
    ),
  );
  const summary = {
    timestamp: new Date().toISOString(),
    mode: QUICK ? 'quick' : 'full',
    runs: RUNS,
    aRuns: A_RUNS,
    seconds: Math.round(seconds),
    machine: info,
    sizes: SIZES,
    figures: report.figures,
    targets: report.targets,
    ok: !replayBroken && !oursFailed,
    samples,
  };
  mkdirSync(RESULTS, { recursive: true });
  // A run of some workloads (--only) is kept under its own name and leaves the latest-* files, which
  // the README quotes, to the last complete run; latest.json and latest.md are the last full run's.
  const partial = ONLY ? `-only-${ONLY.join('-')}` : '';
  const file = join(RESULTS, `${STAMP}${QUICK ? '-quick' : ''}${partial}.json`);
  writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
  if (!ONLY) {
    writeFileSync(
      join(RESULTS, `latest-${summary.mode}.json`),
      `${JSON.stringify(summary, null, 2)}\n`,
    );
    if (!QUICK) {
      writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify(summary, null, 2)}\n`);
      writeFileSync(join(RESULTS, 'latest.md'), `${table}\n`);
    }
  }
  process.stdout.write(`${table}\n\nResults: ${file} (${Math.round(seconds)} s)\n`);
  if (replayBroken)
    process.stdout.write('FAILED: our store missed or repeated events in a replay\n');
  if (oursFailed) process.stdout.write('FAILED: a workload failed on our store\n');
  const { samples: _samples, ...last } = summary;
  process.stdout.write(`${JSON.stringify(last)}\n`);
  process.exitCode = summary.ok ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
