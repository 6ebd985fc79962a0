import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { FiscalYear } from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { replayYearAsOf, summarisePortfolio, type PortfolioSummary } from '@ledger/read-models';
import { count } from './progress';
import { pounds, printable, table } from './readable';
import { UsageError } from './usage-error';

interface ReplayOptions {
  asOf?: string;
  fiscalYear?: string;
  json?: boolean;
}

@Command({
  name: 'replay',
  description:
    'Print the portfolio summary of a fiscal year as it stood at a moment, replayed from the event log',
})
export class ReplayCommand extends CommandRunner {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    super();
  }

  async run(_inputs: string[], options: ReplayOptions): Promise<void> {
    if (!options.asOf)
      throw new UsageError('--as-of is required, e.g. --as-of 2026-11-28T09:30:00.000Z');
    const fiscalYear = options.fiscalYear ?? FiscalYear.containing(options.asOf).toString();
    const past = await replayYearAsOf(this.store, fiscalYear, options.asOf);
    const summary = summarisePortfolio(fiscalYear, options.asOf, past.proposals, past.budget);
    process.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : render(summary));
  }

  @Option({
    flags: '--as-of <time>',
    description: 'ISO 8601 instant, e.g. 2026-11-28T09:30:00.000Z',
  })
  parseAsOf(value: string): string {
    const time = Date.parse(value);
    if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(value) || Number.isNaN(time)) {
      throw new UsageError('--as-of must be an ISO 8601 time such as 2026-11-28T09:30:00.000Z');
    }
    return new Date(time).toISOString();
  }

  @Option({
    flags: '--fiscal-year <year>',
    description: 'UK fiscal year such as 2026-27 (default: the one containing --as-of)',
  })
  parseFiscalYear(value: string): string {
    if (!FiscalYear.isValid(value)) throw new UsageError('--fiscal-year must look like 2026-27');
    return value;
  }

  @Option({ flags: '--json', description: 'print the summary as one JSON object' })
  parseJson(): boolean {
    return true;
  }
}

function render(summary: PortfolioSummary): string {
  const figure = (label: string, value: string) => [label, value];
  const totals = table(
    ['', ''],
    [
      figure(
        'capital envelope',
        summary.envelope.capital ? pounds(summary.envelope.capital) : '(not set)',
      ),
      figure('committed capital', pounds(summary.committedCapital)),
      figure(
        'remaining capital',
        summary.remainingCapital ? pounds(summary.remainingCapital) : '(no envelope)',
      ),
      figure('requested capital', pounds(summary.requestedCapital)),
      figure('approved capital', pounds(summary.approvedCapital)),
      figure('expected savings a year', pounds(summary.expectedAnnualSavings)),
      figure('realised savings', pounds(summary.realisedSavings)),
      figure('proposals', count(summary.proposalCount)),
    ],
    new Set([1]),
  ).slice(1);
  const groups = (
    title: string,
    rows: readonly {
      name: string;
      count: number;
      requestedCapital: string;
      approvedCapital: string;
    }[],
  ) =>
    rows.length === 0
      ? [`  ${title}: none`]
      : table(
          [title, 'proposals', 'requested capital', 'approved capital'],
          rows.map((row) => [
            row.name,
            count(row.count),
            pounds(row.requestedCapital),
            pounds(row.approvedCapital),
          ]),
          new Set([1, 2, 3]),
        ).map((line) => `  ${line}`);
  const lines = [
    `Portfolio ${summary.fiscalYear} as it stood at ${summary.asOf}`,
    ...totals.map((line) => `  ${line}`),
    '',
    ...groups(
      'by status',
      summary.byStatus.map((group) => ({ ...group, name: group.status })),
    ),
    '',
    ...groups(
      'by department',
      summary.byDepartment.map((group) => ({ ...group, name: printable(group.department) })),
    ),
  ];
  return `${lines.join('\n')}\n`;
}
