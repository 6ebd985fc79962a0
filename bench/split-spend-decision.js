'use strict';
// Issue 17: a decision's split-spend checks must not make POST /proposals/{id}/decision more than
// 20% slower than v1's at 1,000 proposals in the portfolio. A script, not a test (timings in tests
// are flaky on shared machines). Needs the built API (`npx nest build api`); from the repository root:
//   node bench/split-spend-decision.js                 # SQLite in a temporary directory
//   BENCH_DATABASE_URL=postgres://… node bench/split-spend-decision.js
//   BENCH_PROJECTOR=separate …   # the projector in its own process, as production runs it
// It drafts BENCH_PROPOSALS (1000) proposals over 10 departments and 6 categories, submits and
// reviews BENCH_DECISIONS (400) of them, then approves them one after another in rounds that
// alternate the policy between splitSpendWindowDays null (v1's checks) and 30 days, so drift in the
// machine's speed falls on both alike. Same server, same database, same request bodies.
const { spawn } = require('node:child_process');
const { createHmac } = require('node:crypto');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');

const ROOT = join(__dirname, '..');
// Another build to measure (e.g. a copy of an earlier commit's dist/, for before and after).
const DIST = process.env.BENCH_DIST ?? join(ROOT, 'dist');
const SECRET = 'split-spend-bench-secret-of-some-length';
const PROPOSALS = Number(process.env.BENCH_PROPOSALS ?? 1000);
const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 400);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const YEAR = '2026-27';
const DEPARTMENTS = Array.from({ length: 10 }, (_, i) => `Department ${i + 1}`);
const CATEGORIES = ['infrastructure', 'digital-service', 'security', 'data', 'end-user', 'other'];

function token(sub, roles, authorities = []) {
  const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({
    sub,
    name: sub,
    roles,
    authorities,
    exp: Math.floor(Date.now() / 1000) + 7200,
  })}`;
  return `Bearer ${body}.${createHmac('sha256', SECRET).update(body).digest('base64url')}`;
}

const AS = {
  proposer: token('proposer', ['proposer']),
  financial: token('reviewer-1', ['reviewer']),
  technical: token('reviewer-2', ['reviewer']),
  board: token('board', ['board'], ['chief-officer', 'investment-board', 'cabinet']),
  finance: token('finance', ['finance']),
  admin: token('admin', ['admin']),
};

function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function call(base, method, path, who, body, headers = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: who,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function inParallel(items, width, work) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

const policy = (splitSpendWindowDays) => ({
  delegation: [
    { authority: 'chief-officer', upTo: '100000.00' },
    { authority: 'investment-board', upTo: '1000000.00' },
    { authority: 'cabinet', upTo: null },
  ],
  requiredReviewKinds: ['financial', 'technical'],
  criteriaWeights: {
    strategicFit: 1,
    valueForMoney: 1,
    deliverability: 1,
    riskReduction: 1,
    serviceImpact: 1,
  },
  splitSpendWindowDays,
});

const review = (kind) => ({
  kind,
  scores: {
    strategicFit: 4,
    valueForMoney: 3,
    deliverability: 4,
    riskReduction: 2,
    serviceImpact: 5,
  },
  recommendation: 'support',
  comments: 'Fine.',
});

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'split-spend-bench-'));
  const port = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    LEDGER_JWT_SECRET: SECRET,
    LEDGER_RATE_LIMIT: '1000000000',
    LOG_LEVEL: 'warn',
    LEDGER_DATA_DIR: dataDir,
  };
  if (process.env.BENCH_DATABASE_URL) env.DATABASE_URL = process.env.BENCH_DATABASE_URL;
  else delete env.DATABASE_URL;
  // In-process, the projector's work for one decision runs while the next one awaits its reads, so
  // a sequential client sees it in that decision's latency; a separate process keeps them apart.
  const separate = process.env.BENCH_PROJECTOR === 'separate';
  if (separate) env.LEDGER_PROJECTOR = 'off';
  const api = spawn(process.execPath, [join(DIST, 'apps/api/src/main.js')], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const projector = separate
    ? spawn(process.execPath, [join(DIST, 'apps/projector/src/main.js')], {
        env: { ...env, LEDGER_PROJECTOR_PORT: '0', PORT: undefined },
        stdio: ['ignore', 'ignore', 'inherit'],
      })
    : null;
  const base = `http://127.0.0.1:${port}/api/v1`;
  try {
    for (let tries = 0; ; tries++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health`)).status < 500) break;
      } catch {
        // not listening yet
      }
      if (tries > 600) throw new Error('the API did not start');
      await sleep(100);
    }
    await call(base, 'PUT', `/budgets/${YEAR}`, AS.finance, {
      capitalEnvelope: '999999999999.00',
      revenueEnvelope: '999999999.00',
    });
    const ids = [];
    await inParallel(
      Array.from({ length: PROPOSALS }, (_, i) => i),
      8,
      async (i) => {
        const { id } = await call(base, 'POST', '/proposals', AS.proposer, {
          title: `Proposal ${i}`,
          summary: 'A bench proposal.',
          department: DEPARTMENTS[i % DEPARTMENTS.length],
          category: CATEGORIES[Math.floor(i / DEPARTMENTS.length) % CATEGORIES.length],
          fiscalYear: YEAR,
          capitalCost: '40000.00',
          annualRevenueCost: '1000.00',
          annualCashableSaving: '20000.00',
          annualNonCashableBenefit: '0.00',
          appraisalYears: 5,
          statutory: false,
          ...(i % 7 === 0 ? { programme: `Programme ${i % 21}` } : {}),
        });
        ids[i] = id;
      },
    );
    const decidable = ids.slice(0, DECISIONS);
    await inParallel(decidable, 8, async (id) => {
      await call(base, 'POST', `/proposals/${id}/submit`, AS.proposer);
      await call(base, 'POST', `/proposals/${id}/reviews`, AS.financial, review('financial'));
      await call(base, 'POST', `/proposals/${id}/reviews`, AS.technical, review('technical'));
    });
    const timings = { off: [], on: [] };
    // The API process's own CPU time (user + system, Linux /proc) per decision, per mode: less
    // swayed than latency by other work on a shared machine. With the projector in-process it
    // includes projecting each decision; the database server's CPU is not in it.
    const cpu = { off: 0, on: 0 };
    const cpuTicks = () => {
      try {
        const fields = readFileSync(`/proc/${api.pid}/stat`, 'utf8').split(') ')[1].split(' ');
        return Number(fields[11]) + Number(fields[12]);
      } catch {
        return null;
      }
    };
    const perRound = Math.floor(DECISIONS / ROUNDS);
    for (let round = 0; round < ROUNDS; round++) {
      const mode = round % 2 === 0 ? 'off' : 'on';
      await call(base, 'PUT', '/policy', AS.admin, policy(mode === 'on' ? 30 : null));
      const ticksBefore = cpuTicks();
      for (const id of decidable.slice(round * perRound, (round + 1) * perRound)) {
        const started = process.hrtime.bigint();
        await call(
          base,
          'POST',
          `/proposals/${id}/decision`,
          AS.board,
          {
            outcome: 'approved',
            authority: 'investment-board',
            reason: 'Bench approval.',
            approvedAmount: '40000.00',
            splitSpendReason: 'Bench: separate schemes.',
          },
          { 'if-match': '"4"' },
        );
        timings[mode].push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      const ticksAfter = cpuTicks();
      if (ticksBefore !== null && ticksAfter !== null) cpu[mode] += ticksAfter - ticksBefore;
    }
    const stats = (samples) => {
      const sorted = [...samples].sort((a, b) => a - b);
      const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
      return {
        decisions: samples.length,
        meanMs: Number(mean.toFixed(2)),
        p50Ms: Number(sorted[Math.floor(sorted.length / 2)].toFixed(2)),
        p99Ms: Number(
          sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))].toFixed(2),
        ),
        perSecond: Number((1000 / mean).toFixed(1)),
      };
    };
    const off = stats(timings.off);
    const on = stats(timings.on);
    const result = {
      database: process.env.BENCH_DATABASE_URL ? 'postgres' : 'sqlite',
      projector: separate ? 'separate process' : 'in-process',
      proposals: PROPOSALS,
      splitSpendOff: off,
      splitSpendOn: on,
      // Below 1.2 meets the bar: at most 20% slower.
      meanLatencyRatio: Number((on.meanMs / off.meanMs).toFixed(3)),
      medianLatencyRatio: Number((on.p50Ms / off.p50Ms).toFixed(3)),
      // Clock ticks are 10 ms on Linux: CPU ms per decision of the API process, and their ratio.
      apiCpuMsPerDecisionOff: Number(((cpu.off * 10) / off.decisions).toFixed(2)),
      apiCpuMsPerDecisionOn: Number(((cpu.on * 10) / on.decisions).toFixed(2)),
      apiCpuRatio:
        cpu.off > 0 ? Number((cpu.on / on.decisions / (cpu.off / off.decisions)).toFixed(3)) : null,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    projector?.kill('SIGTERM');
    api.kill('SIGTERM');
    await new Promise((resolve) => api.on('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exitCode = 1;
});
