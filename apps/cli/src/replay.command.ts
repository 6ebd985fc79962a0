import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { FiscalYear } from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { replayYearAsOf, summarisePortfolio, type PortfolioSummary } from '@ledger/read-models';
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
  const lines = [
    `Portfolio ${summary.fiscalYear} as it stood at ${summary.asOf}`,
    `  capital envelope     ${summary.envelope.capital ?? '(not set)'}`,
    `  committed capital    ${summary.committedCapital}`,
    `  remaining capital    ${summary.remainingCapital ?? '(no envelope)'}`,
    `  requested capital    ${summary.requestedCapital}`,
    `  approved capital     ${summary.approvedCapital}`,
    `  expected savings/yr  ${summary.expectedAnnualSavings}`,
    `  realised savings     ${summary.realisedSavings}`,
    `  proposals            ${summary.proposalCount}`,
    '  by status:',
    ...summary.byStatus.map(
      (group) =>
        `    ${group.status.padEnd(10)} ${String(group.count).padStart(4)}  requested ${group.requestedCapital}  approved ${group.approvedCapital}`,
    ),
    '  by department:',
    ...summary.byDepartment.map(
      (group) =>
        `    ${group.department.padEnd(24)} ${String(group.count).padStart(4)}  requested ${group.requestedCapital}  approved ${group.approvedCapital}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
