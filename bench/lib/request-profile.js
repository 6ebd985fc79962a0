'use strict';
// Where a request's CPU time goes in the API process: reads a V8 .cpuprofile (node --cpu-prof on the
// API), keeps the samples between two monotonic timestamps (µs, as process.hrtime) when given, and
// charges each sample to the first frame, from the leaf up, whose file names a part of the request
// path. Prints µs per request when given the number of requests answered in the window.
// Usage: node bench/lib/request-profile.js FILE [--from US --to US] [--requests N] [--top N]
const { readFileSync } = require('node:fs');

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const from = Number(option('--from') || 0);
const to = Number(option('--to') || Infinity);
const requests = Number(option('--requests') || 0);
const top = Number(option('--top') || 0);
/** With --part NAME, the heaviest functions are those charged to that part only. */
const onlyPart = option('--part');

/** First match wins, tested on each frame from the leaf up: specific parts before general ones. */
const PARTS = [
  [
    'validation',
    /class-validator|class-transformer|validation\.pipe|money\.validation|\.request\.js/,
  ],
  ['token verification', /jsonwebtoken|jws|jwa|jose|access-tokens|token-cache/],
  ['guards', /auth\.guard|throttler|guards-consumer|access\.decorators/],
  ['interceptors', /interceptor|rxjs/],
  ['logging', /pino|request-logging|sonic-boom|logger/],
  ['metrics', /prom-client|metrics/],
  ['serialisation', /fast-json-stringify|\.response\.js|serialize|JSON|stringify/],
  ['hostile-input / body parse', /input-guards|secure-json-parse|content-type-parser|body/],
  [
    'store (SQLite, events, read models)',
    /better-sqlite3|event-store|read-models|typeorm|libs\/ledger|libs\/domain|zod/,
  ],
  [
    'Nest router / DI / pipes',
    /@nestjs|router-execution|external-context|reflect-metadata|route-params/,
  ],
  ['Fastify core', /fastify|find-my-way|avvio|light-my-request|middie|helmet/],
  [
    'Node HTTP / net',
    /node:_http|node:net|node:internal\/stream|node:stream|node:events|_http_|stream_base|node:internal\/url|node:url/,
  ],
];
const SPECIAL = new Map([
  ['(garbage collector)', 'GC'],
  ['(idle)', '(idle)'],
  ['(program)', 'V8 / native (program)'],
  ['writev', 'Node HTTP / net'],
  ['writeUtf8String', 'Node HTTP / net'],
]);

const profile = JSON.parse(readFileSync(args[0], 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const node of profile.nodes)
  for (const child of node.children || []) parent.set(child, node.id);

const partCache = new Map();
function partOf(id) {
  if (partCache.has(id)) return partCache.get(id);
  const node = byId.get(id);
  const f = node.callFrame;
  let part = SPECIAL.get(f.functionName);
  if (!part && f.url) {
    const hit = PARTS.find(([, re]) => re.test(f.url) || re.test(f.functionName));
    if (hit) part = hit[0];
  }
  if (!part) {
    const up = parent.get(id);
    part = up === undefined ? 'other' : partOf(up);
  }
  partCache.set(id, part);
  return part;
}

const totals = new Map();
const selfByFn = new Map();
let t = profile.startTime;
let sampled = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] || 0;
  t += dt;
  if (t < from || t > to) return;
  const next = profile.timeDeltas[i + 1] || 0; // the sample stands for the time until the next one
  const part = partOf(id);
  totals.set(part, (totals.get(part) || 0) + next);
  sampled += next;
  if (top && (!onlyPart || part === onlyPart)) {
    const f = byId.get(id).callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${f.lineNumber + 1}`;
    selfByFn.set(key, (selfByFn.get(key) || 0) + next);
  }
});
const busy = sampled - (totals.get('(idle)') || 0);
const rows = [...totals.entries()].sort((a, b) => b[1] - a[1]);
process.stdout.write(
  `window ${(sampled / 1e6).toFixed(2)} s, busy ${(busy / 1e6).toFixed(2)} s` +
    (requests ? `, ${requests} requests, ${(busy / requests).toFixed(0)} µs CPU per request` : '') +
    '\n',
);
for (const [part, us] of rows) {
  if (part === '(idle)') continue;
  const per = requests ? `${(us / requests).toFixed(1).padStart(8)} µs/req` : '';
  process.stdout.write(`${((100 * us) / busy).toFixed(1).padStart(5)}%  ${per}  ${part}\n`);
}
if (top) {
  process.stdout.write('\nheaviest functions (self time):\n');
  for (const [key, us] of [...selfByFn.entries()].sort((a, b) => b[1] - a[1]).slice(0, top))
    process.stdout.write(`${((100 * us) / busy).toFixed(1).padStart(5)}%  ${key}\n`);
}
