import { Inject } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { Command, CommandRunner, Option } from 'nest-commander';
import { FiscalYear } from '@ledger/domain';
import { EVENT_STORE, toRecordedTime, type EventStore } from '@ledger/event-store';
import {
  replayBenefitRows,
  summariseBenefits,
  sumLines,
  type BenefitFigures,
  type PortfolioBenefits,
} from '@ledger/read-models';
import { pounds, printable, table } from './readable';
import { UsageError } from './usage-error';

interface BenefitsOptions {
  fiscalYear?: string;
  asOf?: string;
  json?: boolean;
  csv?: boolean;
}

const CSV_HEADER = [
  'Proposal id',
  'Title',
  'Department',
  'Forecast cash-releasing',
  'Forecast non-cash-releasing',
  'Forecast societal',
  'Evidenced cash-releasing',
  'Evidenced non-cash-releasing',
  'Evidenced societal',
  'Validated cash-releasing',
  'Validated non-cash-releasing',
  'Validated societal',
  'Realisation rate',
  'At risk',
];

/** A spreadsheet reads a cell that starts with one of these as a formula. */
export function neutralised(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function figureCells(figures: BenefitFigures): string[] {
  return [
    ...(['forecast', 'evidenced', 'validated'] as const).flatMap((measure) => [
      figures[measure].cashReleasing,
      figures[measure].nonCashReleasing,
      figures[measure].societal,
    ]),
    figures.realisationRate === null ? '' : figures.realisationRate.toFixed(4),
    figures.atRisk ? 'yes' : 'no',
  ];
}

/** One row a proposal, then the total: UTF-8 with a BOM so a spreadsheet reads the names right. */
export function benefitsCsv(benefits: PortfolioBenefits): string {
  const rows = [
    CSV_HEADER,
    ...benefits.byProposal.map((row) => [
      row.proposalId,
      neutralised(row.title),
      neutralised(row.department),
      ...figureCells(row),
    ]),
    ['', 'Total', '', ...figureCells(benefits.totals)],
  ];
  return `\uFEFF${stringify(rows)}`;
}

export function benefitsTable(benefits: PortfolioBenefits): string {
  const rate = (value: number | null) => (value === null ? '-' : `${(value * 100).toFixed(1)}%`);
  const line = (title: string, department: string, figures: BenefitFigures) => [
    printable(title),
    printable(department),
    pounds(figures.forecast.cashReleasing),
    pounds(figures.evidenced.cashReleasing),
    pounds(figures.validated.cashReleasing),
    rate(figures.realisationRate),
    figures.atRisk ? 'AT RISK' : '',
  ];
  const lines = table(
    ['Proposal', 'Department', 'Forecast', 'Evidenced', 'Validated', 'Rate', ''],
    [
      ...benefits.byProposal.map((row) => line(row.title, row.department, row)),
      line('Total', '', benefits.totals),
    ],
    new Set([2, 3, 4, 5]),
  );
  return (
    `Cash-releasing benefits of ${benefits.fiscalYear}, as of ${benefits.asOf}\n` +
    `${lines.join('\n')}\n` +
    `Non-cash-releasing validated ${pounds(benefits.totals.validated.nonCashReleasing)} of ` +
    `${pounds(benefits.totals.forecast.nonCashReleasing)} forecast; societal validated ` +
    `${pounds(benefits.totals.validated.societal)} of ${pounds(benefits.totals.forecast.societal)}.\n`
  );
}

@Command({
  name: 'benefits',
  description:
    'Forecast, evidenced and validated benefits of a benefit period across approved proposals, read from the log',
})
export class BenefitsCommand extends CommandRunner {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    super();
  }

  async run(_inputs: string[], options: BenefitsOptions): Promise<void> {
    if (!options.fiscalYear) throw new UsageError('--fiscal-year is required, such as 2026-27');
    if (!FiscalYear.isValid(options.fiscalYear))
      throw new UsageError(`"${options.fiscalYear}" is not a fiscal year such as 2026-27`);
    if (options.json && options.csv) throw new UsageError('choose one of --json and --csv');
    let asOf: string | undefined;
    try {
      asOf = options.asOf === undefined ? undefined : toRecordedTime(options.asOf);
    } catch {
      throw new UsageError(`"${options.asOf}" is not an ISO 8601 time`);
    }
    const year = FiscalYear.parse(options.fiscalYear).toString();
    const rows = await replayBenefitRows(this.store);
    const benefits = summariseBenefits(
      year,
      asOf ?? new Date().toISOString(),
      sumLines(year, rows, asOf),
    );
    process.stdout.write(
      options.json
        ? `${JSON.stringify(benefits)}\n`
        : options.csv
          ? benefitsCsv(benefits)
          : benefitsTable(benefits),
    );
  }

  @Option({ flags: '--fiscal-year <year>', description: 'the benefit period, such as 2026-27' })
  parseFiscalYear(value: string): string {
    return value;
  }

  @Option({ flags: '--as-of <time>', description: 'as the log stood at this ISO 8601 time' })
  parseAsOf(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'print the figures as one JSON object' })
  parseJson(): boolean {
    return true;
  }

  @Option({ flags: '--csv', description: 'print one CSV row a proposal, for a spreadsheet' })
  parseCsv(): boolean {
    return true;
  }
}
