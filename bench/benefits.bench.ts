// Times GET /portfolio/benefits's work over 5,000 approved proposals, each with 10 benefits
// forecast over 3 years and 3 years of evidence, all validated (450,000 lines), warm, on SQLite.
// A script, not a test. The same Fastify serves the real query and summary on one route and the
// same answer precomputed on another: the second is the framework's ceiling in the same run.
// Run from the repository root:
//   node -e "require.extensions['.ts']=(m,f)=>m._compile(require('@swc/core').transformFileSync(f,
//     {jsc:{parser:{syntax:'typescript',decorators:true},target:'es2022'},module:{type:'commonjs'}}).code,f);
//     require('./bench/benefits.bench.ts')"
// BENCH_PROPOSALS (5000) and BENCH_REQUESTS (50) tune it. It leaves out Nest's guards and pipes
// (JWT check, validation), which the API adds to every read.
import Database from 'better-sqlite3';
import fastify from 'fastify';
import {
  summariseBenefits,
  type BenefitSum,
} from '../libs/read-models/src/benefits/benefit-register.query';
import {
  projectionIndexesDdl,
  projectionTablesDdl,
} from '../libs/read-models/src/read-model.tables';

const PROPOSALS = Number(process.env.BENCH_PROPOSALS ?? 5000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 50);
const YEARS = ['2026-27', '2027-28', '2028-29'];
const TYPES = ['cash-releasing', 'non-cash-releasing', 'societal'];

function seed(db: Database.Database): void {
  for (const ddl of projectionTablesDdl('sqlite', '')) db.exec(ddl);
  const insert = db.prepare('INSERT INTO benefit_lines VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)');
  const register = db.prepare('INSERT INTO benefit_register VALUES (?, ?, ?, ?, ?, 1, 1)');
  db.transaction(() => {
    for (let p = 0; p < PROPOSALS; p++) {
      const id = `00000000-0000-4000-8000-${String(p).padStart(12, '0')}`;
      register.run(id, `Proposal ${p}`, `Department ${p % 12}`, '[]', '2027-01-01T00:00:00.000Z');
      for (let b = 0; b < 10; b++)
        for (const [y, year] of YEARS.entries())
          for (const measure of ['forecast', 'evidenced', 'validated'])
            insert.run(
              id,
              `${measure}:${b}:${y}`,
              `Proposal ${p}`,
              `Department ${p % 12}`,
              year,
              TYPES[b % 3],
              measure,
              1_000_000 + ((p * 7 + b) % 500_000),
              '2027-01-01T00:00:00.000Z',
            );
    }
  })();
  for (const ddl of projectionIndexesDdl()) if (ddl.includes('benefit_lines')) db.exec(ddl);
}

function answer(db: Database.Database, fiscalYear: string) {
  // The same SQL as benefitSumsOfYear.
  const rows = db
    .prepare(
      `SELECT proposal_id, benefit_type, measure, SUM(amount_pence) AS pence
       FROM benefit_lines WHERE fiscal_year = ? AND until_at IS NULL
       GROUP BY proposal_id, benefit_type, measure`,
    )
    .all(fiscalYear) as Record<string, unknown>[];
  const named = new Map(
    (
      db
        .prepare(
          'SELECT proposal_id, title, department FROM benefit_register WHERE approved_at IS NOT NULL',
        )
        .all() as Record<string, unknown>[]
    ).map((raw) => [String(raw.proposal_id), raw]),
  );
  const sums: BenefitSum[] = rows.map((raw) => ({
    proposalId: String(raw.proposal_id),
    title: String(named.get(String(raw.proposal_id))?.title),
    department: String(named.get(String(raw.proposal_id))?.department),
    benefitType: raw.benefit_type as BenefitSum['benefitType'],
    measure: raw.measure as BenefitSum['measure'],
    pence: BigInt(String(raw.pence)),
  }));
  return summariseBenefits(fiscalYear, new Date().toISOString(), sums);
}

async function time(app: ReturnType<typeof fastify>, url: string): Promise<number> {
  for (let i = 0; i < 5; i++) await app.inject({ url }); // warm
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    const response = await app.inject({ url });
    times.push(performance.now() - started);
    if (response.statusCode !== 200) throw new Error(response.body);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function main(): Promise<void> {
  const db = new Database(':memory:');
  const started = performance.now();
  seed(db);
  process.stdout.write(
    `seeded ${PROPOSALS * 90} lines in ${(performance.now() - started).toFixed(0)} ms\n`,
  );
  const precomputed = answer(db, '2027-28');
  const app = fastify({ logger: false });
  app.get('/portfolio/benefits', async () => answer(db, '2027-28'));
  app.get('/bare', async () => precomputed);
  await app.ready();
  const ours = await time(app, '/portfolio/benefits');
  const bare = await time(app, '/bare');
  process.stdout.write(
    `GET /portfolio/benefits (${precomputed.byProposal.length} proposals): median ${ours.toFixed(1)} ms; ` +
      `bare Fastify with the same answer precomputed: median ${bare.toFixed(1)} ms\n`,
  );
  await app.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
