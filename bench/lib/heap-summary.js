'use strict';
// Sums a V8 .heapsnapshot by node type and constructor (count, self size), or the difference of two
// snapshots of one process, largest growth first: what is retained, and what a soak added to it.
//   node --max-old-space-size=4000 bench/lib/heap-summary.js BEFORE.heapsnapshot [AFTER.heapsnapshot] [N]
// Take the snapshots with `node --heapsnapshot-signal=SIGWINCH dist/apps/api/src/main.js` and
// `kill -WINCH PID` (not SIGUSR2: the API's shutdown hooks stop the process on it).
const { readFileSync } = require('node:fs');

function load(file) {
  const snapshot = JSON.parse(readFileSync(file, 'utf8'));
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const groups = new Map();
  let total = 0;
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = types[snapshot.nodes[i + typeAt]];
    const name = /string/.test(type)
      ? '(string)'
      : type === 'code'
        ? '(code)'
        : String(snapshot.strings[snapshot.nodes[i + nameAt]]).slice(0, 80);
    const key = `${type}:${name}`;
    const group = groups.get(key) || { count: 0, bytes: 0 };
    group.count += 1;
    group.bytes += snapshot.nodes[i + sizeAt];
    groups.set(key, group);
    total += snapshot.nodes[i + sizeAt];
  }
  return { groups, total };
}

const [first, second, top = '30'] = process.argv.slice(2);
const before = load(first);
const after = second && second.endsWith('.heapsnapshot') ? load(second) : null;
const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;
process.stdout.write(`total ${mb(before.total)}${after ? ` -> ${mb(after.total)}` : ''}\n`);
const rows = [...(after || before).groups].map(([key, group]) => {
  const old = after ? before.groups.get(key) || { count: 0, bytes: 0 } : { count: 0, bytes: 0 };
  return { key, count: group.count - old.count, bytes: group.bytes - old.bytes, now: group.bytes };
});
rows.sort((a, b) => b.bytes - a.bytes);
for (const row of rows.slice(0, Number(after ? top : second || top))) {
  process.stdout.write(
    `${row.key.padEnd(72)} ${String(row.count).padStart(9)} ${`${(row.bytes / 1024).toFixed(0)} KB`.padStart(11)}${after ? ` (now ${(row.now / 1024).toFixed(0)} KB)` : ''}\n`,
  );
}
