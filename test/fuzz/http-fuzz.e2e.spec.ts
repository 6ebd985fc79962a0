import {
  databaseKindsUnderTest,
  startTestApp,
  type DatabaseKindUnderTest,
  type TestApp,
} from '@ledger/testing';
import { createApp } from '../../apps/api/src/create-app';
import { FUZZ_ENV, HttpFuzzer, type Finding, type FuzzReport } from './http-fuzzer';

/**
 * Issue 21's fuzzing harness: requests generated from the OpenAPI document the app serves, judged by
 * the contract's oracle (no 5xx, problem+json without internals, refused writes append nothing, accepted
 * writes read back and the chain verifies). In `npm test` it runs briefly with a fixed seed and a random
 * one; `npm run fuzz -- --minutes N [--seed S] [--db postgres]` sets FUZZ_MINUTES, FUZZ_SEED, FUZZ_DB.
 */
const FIXED_SEED = 20261202;
const minutes = Number(process.env.FUZZ_MINUTES ?? 0);
const randomSeed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const requestedDb = (process.env.FUZZ_DB ?? 'sqlite') as DatabaseKindUnderTest;
const kind: DatabaseKindUnderTest | null = databaseKindsUnderTest.includes(requestedDb)
  ? requestedDb
  : null;
const SHORT_RUN_MS = 25_000;

const print = (lines: readonly string[]) => process.stdout.write(`${lines.join('\n')}\n`);

function summary(report: FuzzReport, findings: readonly Finding[]): string[] {
  return [
    `seed ${report.seed}: ${report.requests} requests (replay: npm run fuzz -- --minutes 1 --seed ${report.seed})`,
    ...findings.map(
      (finding) =>
        `  ${finding.known ? 'KNOWN ' : ''}${finding.fault} | ${finding.operation} -> ${finding.status} (x${finding.count})\n` +
        `    ${finding.request}\n    answer: ${finding.answer.replace(/\s+/g, ' ').slice(0, 240)}` +
        (finding.known ? `\n    expected until: ${finding.known}` : ''),
    ),
  ];
}

const unexpected = (findings: readonly Finding[]) =>
  findings
    .filter((finding) => !finding.known)
    .map(
      (finding) =>
        `${finding.fault} | ${finding.operation} -> ${finding.status}: ${finding.request}`,
    );

(kind ? describe : describe.skip)(`HTTP fuzzing from the OpenAPI document (${requestedDb})`, () => {
  let testApp: TestApp;
  let fuzzer: HttpFuzzer;

  beforeAll(async () => {
    testApp = await startTestApp(kind!, createApp, FUZZ_ENV);
    fuzzer = new HttpFuzzer(testApp);
    const operations = await fuzzer.prepare();
    expect(operations.length).toBeGreaterThan(20);
  });

  afterAll(async () => {
    if (fuzzer) print(['HTTP fuzz coverage:', ...fuzzer.report().map((line) => `  ${line}`)]);
    await testApp?.close();
  });

  if (minutes > 0) {
    it(
      `finds nothing in ${minutes} minute(s) with seed ${randomSeed}`,
      async () => {
        const report = await fuzzer.run(randomSeed, minutes * 60_000, (line) => print([line]));
        print(summary(report, report.findings));
        expect(unexpected(report.findings)).toEqual([]);
      },
      minutes * 60_000 + 120_000,
    );
  } else {
    it.each([
      ['the fixed seed', FIXED_SEED],
      ['a random seed', randomSeed],
    ])(
      'finds nothing in a short run with %s (%d)',
      async (_, seed) => {
        const report = await fuzzer.run(seed, SHORT_RUN_MS);
        print(summary(report, report.findings));
        expect(report.requests).toBeGreaterThan(50);
        expect(unexpected(report.findings)).toEqual([]);
      },
      SHORT_RUN_MS + 90_000,
    );
  }
});
