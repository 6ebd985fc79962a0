'use strict';
// Times rendering the register as CSV (the part a CSV answer adds to a JSON one) for a large
// council's register, beside JSON.stringify of the same answer. A script, not a test: timings in
// tests are flaky on shared machines. After `npx nest build api`, from the repository root:
//   node bench/csv-answers.bench.js            BENCH_COUNT (5000) proposals, BENCH_RUNS (7) runs
const { performance } = require('node:perf_hooks');
const { renderCsv } = require('../dist/apps/api/src/http/csv/csv-table');
const { PROPOSAL_REGISTER_CSV } = require('../dist/apps/api/src/proposals/proposal.csv');

const TITLES = ['=HYPERLINK("http://x")', 'Gwasanaeth ŵ, "phase 2"', 'Replace the CRM\nsystem'];

function aPage(count) {
  const items = Array.from({ length: count }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    title: `${TITLES[i % TITLES.length]} ${i}`,
    department: i % 2 ? 'Cyngor Sir Ynys Môn' : 'Finance and Revenues',
    category: 'digital-service',
    fiscalYear: '2026-27',
    status: i % 3 ? 'submitted' : 'approved',
    statutory: i % 7 === 0,
    proposer: { id: 'p', name: 'Priya Patel' },
    capitalCost: `${250000 + i}.50`,
    approvedAmount: i % 3 ? null : `${250000 + i}.50`,
    reviewCount: 2,
    weightedScore: 72.5,
    appraisal: {
      wholeLifeCost: '325000.00',
      npv: '-91980.28',
      benefitCostRatio: 0.7105,
      paybackYears: 7.1429,
    },
    draftedAt: '2026-11-28T09:30:00.123Z',
    submittedAt: '2026-11-29T09:30:00.123Z',
    decidedAt: i % 3 ? null : '2026-12-01T23:30:00.000Z',
    version: 4,
    ready: i % 2 === 0,
    blockers: i % 2 ? ['review-kind-missing', 'envelope-exceeded'] : [],
  }));
  return { items, nextCursor: null };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const count = Number(process.env.BENCH_COUNT ?? 5000);
const runs = Number(process.env.BENCH_RUNS ?? 7);
const page = aPage(count);
renderCsv(PROPOSAL_REGISTER_CSV, page); // warm-up
const csvMs = [];
const jsonMs = [];
let csvBytes = 0;
let jsonBytes = 0;
for (let run = 0; run < runs; run += 1) {
  let started = performance.now();
  const csv = renderCsv(PROPOSAL_REGISTER_CSV, page);
  csvMs.push(performance.now() - started);
  csvBytes = Buffer.byteLength(csv);
  started = performance.now();
  const json = JSON.stringify(page);
  jsonMs.push(performance.now() - started);
  jsonBytes = Buffer.byteLength(json);
}
process.stdout.write(
  `${count} proposals: CSV ${median(csvMs).toFixed(1)} ms (${(csvBytes / 1024).toFixed(0)} KiB), ` +
    `JSON.stringify ${median(jsonMs).toFixed(1)} ms (${(jsonBytes / 1024).toFixed(0)} KiB), median of ${runs}\n`,
);
