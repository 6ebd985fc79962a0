'use strict';
// Bench (not a test): the board pack's first load with 200 proposals awaiting decision, in Chromium,
// against the built app on a fresh SQLite ledger; and the app's JavaScript, gzipped.
// Usage: npm run build && npm run bench:web [-- --proposals 200 --runs 5]
const { spawn } = require('node:child_process');
const { mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { performance } = require('node:perf_hooks');
const { gzipSync } = require('node:zlib');
const { chromium } = require('playwright-core');

const ROOT = resolve(__dirname, '..');
const API = join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');
const WEB = join(ROOT, 'dist', 'web');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function javascriptSizes() {
  const index = readFileSync(join(WEB, 'index.html'), 'utf8');
  const files = readdirSync(join(WEB, 'assets')).filter((name) => name.endsWith('.js'));
  let total = 0;
  let initial = 0;
  for (const name of files) {
    const gzipped = gzipSync(readFileSync(join(WEB, 'assets', name)), { level: 9 }).length;
    total += gzipped;
    if (index.includes(`/assets/${name}`)) initial += gzipped;
  }
  return { files: files.length, totalKb: total / 1024, initialKb: initial / 1024 };
}

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

async function startLedger(dataDir, port) {
  const child = spawn(process.execPath, [API], {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      LEDGER_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      LEDGER_RATE_LIMIT: '1000000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 300; attempt += 1) {
    try {
      if ((await fetch(`${url}/health`)).ok) return { child, url };
    } catch {
      // not listening yet
    }
    await new Promise((wake) => setTimeout(wake, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the ledger did not start');
}

async function seed(url, count) {
  const tokens = {};
  const token = async (personId) => {
    if (!tokens[personId]) {
      const response = await fetch(`${url}/api/v1/session/demo`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ personId }),
      });
      tokens[personId] = (await response.json()).accessToken;
    }
    return tokens[personId];
  };
  const call = async (personId, method, path, body) => {
    const response = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${await token(personId)}`,
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok)
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const departments = [
    'Adult Social Care',
    'Children and Families',
    'Environment',
    'Finance',
    'Housing',
    'ICT',
  ];
  const categories = ['infrastructure', 'digital-service', 'security', 'data', 'end-user', 'other'];
  const scores = (score) => ({
    strategicFit: score,
    valueForMoney: score,
    deliverability: score,
    riskReduction: score,
    serviceImpact: score,
  });
  let last = 0;
  for (let index = 0; index < count; index += 1) {
    const { id } = await call('ian.clarke', 'POST', '/proposals', {
      title: `Proposal ${index + 1}: ${categories[index % 6]} for ${departments[index % 6]}`,
      summary: 'Seeded for the board pack bench.',
      department: departments[index % 6],
      category: categories[index % 6],
      fiscalYear: '2026-27',
      capitalCost: `${20000 + ((index * 7919) % 900) * 1000}.00`,
      annualRevenueCost: '5000.00',
      annualCashableSaving: `${10000 + (index % 40) * 1000}.00`,
      annualNonCashableBenefit: '2000.00',
      appraisalYears: 5,
      statutory: index % 17 === 0,
    });
    await call('ian.clarke', 'POST', `/proposals/${id}/submit`);
    if (index % 2 === 0) {
      await call('priya.shah', 'POST', `/proposals/${id}/reviews`, {
        kind: 'financial',
        scores: scores(index % 6),
        recommendation: 'support',
        comments: 'Seeded.',
      });
    }
    const review = await call('owen.price', 'POST', `/proposals/${id}/reviews`, {
      kind: 'technical',
      scores: scores((index + 3) % 6),
      recommendation: 'support-with-conditions',
      comments: 'Seeded.',
    });
    last = review.position;
  }
  return last;
}

async function main() {
  const count = option('proposals', 200);
  const runs = option('runs', 5);
  const sizes = javascriptSizes();
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-web-'));
  const { child, url } = await startLedger(dataDir, await freePort());
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const seededAt = performance.now();
    const position = await seed(url, count);
    // The register is a projection: wait until it has every proposal before measuring.
    const probe = await fetch(`${url}/api/v1/session/demo`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ personId: 'mark.bennett' }),
    });
    const { accessToken } = await probe.json();
    await fetch(`${url}/api/v1/proposals?limit=1`, {
      headers: { Authorization: `Bearer ${accessToken}`, 'X-Min-Position': String(position) },
    });
    console.log(
      `seeded ${count} proposals awaiting decision in ${((performance.now() - seededAt) / 1000).toFixed(1)} s`,
    );

    const boots = [];
    const packs = [];
    for (let run = 0; run <= runs; run += 1) {
      // A fresh context each time: nothing cached, as on a board member's first visit.
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(`${url}/sign-in?returnTo=%2Fboard-pack`);
      await page.getByRole('button', { name: 'Sign in as Mark Bennett' }).waitFor();
      const booted = performance.now();
      await page.getByRole('button', { name: 'Sign in as Mark Bennett' }).click();
      await page
        .getByRole('table', { name: `${count} proposals awaiting decision` })
        .locator('tbody tr')
        .nth(count - 1)
        .waitFor();
      const ready = performance.now();
      await context.close();
      if (run === 0) continue; // the first run warms the server's caches and Chromium
      boots.push(booted - started);
      packs.push(ready - booted);
    }
    const result = {
      proposals: count,
      runs,
      appLoadMs: Math.round(median(boots)),
      boardPackAfterSignInMs: Math.round(median(packs)),
      firstLoadToReadyMs: Math.round(median(boots.map((boot, index) => boot + packs[index]))),
      javascriptGzippedKb: Number(sizes.totalKb.toFixed(1)),
      initialJavascriptGzippedKb: Number(sizes.initialKb.toFixed(1)),
      javascriptFiles: sizes.files,
    };
    console.log(
      `board pack with ${count} proposals: app loaded in ${result.appLoadMs} ms, pack ready ${result.boardPackAfterSignInMs} ms after sign-in, ` +
        `${result.firstLoadToReadyMs} ms in all (median of ${runs}); JavaScript ${result.javascriptGzippedKb} KB gzipped ` +
        `(${result.initialJavascriptGzippedKb} KB on first load, the chart library loads with the portfolio page)`,
    );
    console.log(JSON.stringify(result));
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
