// Times GET /portfolio/benefits, warm, through the real API (guards, validation, ETag, Fastify) on
// SQLite and PostgreSQL, over 5,000 approved proposals, each with 10 benefits forecast over 3 years
// and 3 years of evidence, all validated (450,000 lines). A script, not a test. From the root:
//   node -e "require.extensions['.ts']=(m,f)=>m._compile(require('@swc/core').transformFileSync(f,
//     {jsc:{parser:{syntax:'typescript',decorators:true},target:'es2022',transform:{legacyDecorator:true,
//     decoratorMetadata:true}},module:{type:'commonjs'}}).code,f);
//     require('tsconfig-paths/register');require('./bench/benefits.bench.ts')"
// The rows are written with the projection's own `save`, as the projector would. In the same run and
// interleaved round by round it times two ceilings: a raw SQL read of the rows the answer is made of
// (the year's lines that are still true, and on versions that have it the year's totals table), and
// the finished answer sent by a bare Fastify route. It prints a digest of the answer (without its
// `asOf`), so runs of two versions of the code can be checked to give the same figures.
// BENCH_PROPOSALS (5000), BENCH_ROUNDS (15) and BENCH_DATABASES (sqlite,postgres) tune it.
import { createHash } from 'node:crypto';
import fastify from 'fastify';
import {
  benefitRegisterProjection,
  ReadModelDatabase,
  type BenefitLine,
  type BenefitRegisterRow,
} from '../libs/read-models/src';
import { people, startTestApp, tokenMinter, type DatabaseKindUnderTest } from '../libs/testing/src';
import { createApp } from '../apps/api/src/create-app';

const PROPOSALS = Number(process.env.BENCH_PROPOSALS ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const KINDS = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(
  ',',
) as DatabaseKindUnderTest[];
const YEARS = ['2026-27', '2027-28', '2028-29'];
const TYPES = ['cash-releasing', 'non-cash-releasing', 'societal'] as const;
const YEAR = '2027-28';
const AT = '2027-01-01T00:00:00.000Z';

function rowOf(p: number): BenefitRegisterRow {
  const proposalId = `00000000-0000-4000-8000-${String(p).padStart(12, '0')}`;
  const lines: BenefitLine[] = [];
  for (let b = 0; b < 10; b++)
    for (const fiscalYear of YEARS)
      for (const measure of ['forecast', 'evidenced', 'validated'] as const)
        lines.push({
          lineId: `${measure}:${b}:${fiscalYear}`,
          fiscalYear,
          benefitType: TYPES[b % 3],
          measure,
          amountPence: BigInt(1_000_000 + ((p * 7 + b) % 500_000)),
          from: AT,
          until: null,
        });
  return {
    proposalId,
    title: `Proposal ${p}`,
    department: `Department ${p % 12}`,
    benefitPlan: [],
    approvedAt: AT,
    lines,
    version: 1,
    lastPosition: 1,
  };
}

async function seed(readModels: ReadModelDatabase): Promise<void> {
  for (let start = 0; start < PROPOSALS; start += 500) {
    const rows = new Map<string, BenefitRegisterRow>();
    for (let p = start; p < Math.min(PROPOSALS, start + 500); p++) {
      const row = rowOf(p);
      rows.set(row.proposalId, row);
    }
    await readModels.transaction((sql) => benefitRegisterProjection.save(sql, rows, ''));
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function bench(kind: DatabaseKindUnderTest): Promise<void> {
  const testApp = await startTestApp(kind, createApp, {
    LEDGER_RATE_LIMIT: '1000000',
    LOG_LEVEL: 'silent',
  });
  try {
    const readModels = testApp.app.get(ReadModelDatabase);
    const seeding = performance.now();
    await seed(readModels);
    const seeded = performance.now() - seeding;
    const hasTotals =
      (
        await readModels.query(
          kind === 'sqlite'
            ? "SELECT name FROM sqlite_master WHERE name = 'benefit_year_totals'"
            : "SELECT tablename AS name FROM pg_tables WHERE tablename = 'benefit_year_totals'",
        )
      ).length > 0;
    if (kind === 'postgres') await readModels.query('ANALYZE');
    const authorization = await tokenMinter(testApp.config).bearer(people.finance, '2h');
    const url = `/api/v1/portfolio/benefits?fiscalYear=${YEAR}`;
    const get = async () => {
      const response = await testApp.app.inject({ url, headers: { authorization } });
      if (response.statusCode !== 200) throw new Error(`${response.statusCode} ${response.body}`);
      return response;
    };
    const answer = (await get()).json() as Record<string, unknown>;
    const { asOf: _asOf, ...figures } = answer;
    const digest = createHash('sha256').update(JSON.stringify(figures)).digest('hex').slice(0, 16);
    const bare = fastify({ logger: false });
    bare.get('/bare', async () => answer);
    await bare.ready();

    const lines = `SELECT proposal_id, benefit_type, measure, amount_pence FROM benefit_lines WHERE fiscal_year = '${YEAR}' AND until_at IS NULL`;
    const totals = `SELECT * FROM benefit_year_totals WHERE fiscal_year = '${YEAR}'`;
    const explain = kind === 'sqlite' ? 'EXPLAIN QUERY PLAN ' : 'EXPLAIN ';
    const plans: string[] = [];
    for (const sql of hasTotals ? [lines, totals] : [lines])
      plans.push(
        (await readModels.query(explain + sql))
          .map((row) => String(row.detail ?? row['QUERY PLAN']))
          .join(' / '),
      );

    const samples: Record<string, number[]> = { api: [], cpu: [], lines: [], totals: [], bare: [] };
    for (let i = 0; i < 5; i++) await get(); // warm
    for (let round = 0; round < ROUNDS; round++) {
      const cpu = process.cpuUsage();
      samples.api.push(await timed(get));
      const used = process.cpuUsage(cpu);
      samples.cpu.push((used.user + used.system) / 1000);
      samples.lines.push(await timed(() => readModels.query(lines)));
      if (hasTotals) samples.totals.push(await timed(() => readModels.query(totals)));
      samples.bare.push(await timed(() => bare.inject({ url: '/bare' })));
    }
    const api = median(samples.api);
    const report = [
      `${kind}: ${PROPOSALS * 90} lines seeded in ${(seeded / 1000).toFixed(1)} s; answer ${digest} ` +
        `(${(answer.byProposal as unknown[]).length} proposals)`,
      `  GET /portfolio/benefits (API): median ${api.toFixed(1)} ms over ${ROUNDS} rounds, ` +
        `${median(samples.cpu).toFixed(1)} ms of this process's CPU (${kind === 'sqlite' ? 'all of the work' : 'not the server'})`,
      `  raw SQL, the year's lines (${PROPOSALS * 30} rows): median ${median(samples.lines).toFixed(1)} ms; API ÷ it = ${(api / median(samples.lines)).toFixed(2)}`,
      ...(hasTotals
        ? [
            `  raw SQL, the year's totals (${PROPOSALS} rows): median ${median(samples.totals).toFixed(1)} ms; API ÷ it = ${(api / median(samples.totals)).toFixed(2)}`,
          ]
        : []),
      `  bare Fastify sending the finished answer: median ${median(samples.bare).toFixed(1)} ms; API ÷ it = ${(api / median(samples.bare)).toFixed(2)}`,
      ...plans.map((plan, i) => `  plan of raw read ${i + 1}: ${plan}`),
    ];
    process.stdout.write(`${report.join('\n')}\n`);
    await bare.close();
  } finally {
    await testApp.close();
  }
}

async function main(): Promise<void> {
  const load = (await import('node:os')).loadavg()[0].toFixed(1);
  process.stdout.write(`load average ${load}\n`);
  for (const kind of KINDS) await bench(kind);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
