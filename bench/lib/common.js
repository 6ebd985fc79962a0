'use strict';
// Shared helpers for the benchmark: paths, the PostgreSQL server, event shapes, statistics.
const { randomBytes } = require('node:crypto');
const { mkdtempSync, readdirSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { performance } = require('node:perf_hooks');
const { URL } = require('node:url');

const ROOT = resolve(__dirname, '..', '..');
const BENCH = resolve(__dirname, '..');
const PEERS = join(BENCH, 'peers');
const PG_ADMIN_URL = process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

function requireDist(lib) {
  require(join(ROOT, 'node_modules', 'reflect-metadata'));
  return require(join(ROOT, 'dist', 'libs', lib, 'src', 'index.js'));
}

function requirePeer(folder, name) {
  return require(join(PEERS, folder, 'node_modules', name));
}

function databaseUrl(name) {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(sql) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * The run's tag (BENCH_RUN, set by run.js and inherited by its workers): every database and data
 * directory a run makes carries it, so the run can clear what a killed or crashed worker left.
 */
function runTag() {
  return /^[0-9a-f]+$/.test(process.env.BENCH_RUN || '') ? process.env.BENCH_RUN : null;
}

/** A fresh, empty PostgreSQL database `bench_<run>_<random>`; returns its name and URL. */
async function createPgDatabase() {
  const tag = runTag();
  const name = `bench_${tag ? `${tag}_` : ''}${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  return { name, url: databaseUrl(name) };
}

async function dropPgDatabase(name) {
  if (!/^bench_[0-9a-f]+(_[0-9a-f]+)?$/.test(name)) throw new Error(`refusing to drop ${name}`);
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** Names of the bench databases on the server: `tag` only this run's, else every run's. */
async function benchDatabases(tag = null) {
  const pattern = tag ? `bench\\_${tag}\\_%` : 'bench\\_%';
  const { rows } = await adminQuery(
    `SELECT datname FROM pg_database WHERE datname LIKE '${pattern}' ORDER BY datname`,
  );
  return rows.map((row) => row.datname);
}

function createTempDir(prefix = 'ledger-bench-') {
  const tag = runTag();
  return mkdtempSync(join(tmpdir(), tag ? `${prefix}${tag}-` : prefix));
}

/** Removes this run's databases and data directories that are still there; returns how many. */
async function clearRun(tag) {
  let cleared = 0;
  for (const name of await benchDatabases(tag)) {
    await dropPgDatabase(name);
    cleared += 1;
  }
  for (const entry of readdirSync(tmpdir())) {
    if (entry.startsWith(`ledger-bench-${tag}-`)) {
      rmSync(join(tmpdir(), entry), { recursive: true, force: true });
      cleared += 1;
    }
  }
  return cleared;
}

function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}

/** ~110 bytes of JSON, like a small domain event. `id` is unique in the run, for replay accounting. */
function benchEvent(n, tag = 'e') {
  const id = `${tag}-${String(n).padStart(8, '0')}`;
  return {
    id,
    type: 'BenchmarkEventRecorded',
    data: {
      id,
      proposalId: `p-${String(n % 100000).padStart(6, '0')}`,
      amount: '125000.00',
      note: 'capital line item, phase 2',
      seq: n,
    },
  };
}

function median(values) {
  const sorted = values
    .filter((v) => typeof v === 'number' && Number.isFinite(v))
    .sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function now() {
  return performance.now();
}

function errorText(error) {
  if (!error) return null;
  const code = error.code ? `${error.code}: ` : '';
  return `${error.name || 'Error'}: ${code}${String(error.message || error).slice(0, 200)}`;
}

module.exports = {
  ROOT,
  BENCH,
  PEERS,
  PG_ADMIN_URL,
  requireDist,
  requirePeer,
  databaseUrl,
  adminQuery,
  createPgDatabase,
  dropPgDatabase,
  benchDatabases,
  clearRun,
  createTempDir,
  removeDir,
  benchEvent,
  median,
  now,
  errorText,
};
