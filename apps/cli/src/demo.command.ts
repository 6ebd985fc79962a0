import { Inject } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Command, CommandRunner, Option } from 'nest-commander';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { Money, runsIn } from '@ledger/domain';
import { GetBudgetQuery, GetProposalQuery, type BudgetView } from '@ledger/ledger';
import { DemoLoader, type LoadedDemo } from './demo/demo-loader';
import { DEMO_ENVELOPES, DEMO_PROPOSALS } from './demo/demo-portfolio';
import { count } from './progress';
import { UsageError } from './usage-error';

const STATUS_ORDER = [
  'draft',
  'submitted',
  'returned',
  'deferred',
  'approved',
  'rejected',
  'withdrawn',
] as const;

@Command({
  name: 'demo',
  description:
    `Load a demo council's portfolio (three fiscal years of envelopes, ${DEMO_PROPOSALS.length} proposals, ` +
    'their reviews, decisions and benefits) through the same commands the API runs, into an empty ledger',
})
export class DemoCommand extends CommandRunner {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    super();
  }

  async run(_inputs: string[], options: { force?: boolean }): Promise<void> {
    const before = await this.store.readHead();
    if (before.position > 0 && !options.force) {
      throw new UsageError(
        `the ledger already holds ${count(before.position)} events, so the demo was not loaded. ` +
          'It is meant for an empty ledger; add --force to load it alongside what is there.',
      );
    }
    const loaded = await new DemoLoader(this.commands).load();
    process.stdout.write(await this.summary(loaded, before.position));
  }

  @Option({
    flags: '--force',
    description:
      'load it into a ledger that already holds events, adopting the demo policy and setting its envelopes',
  })
  parseForce(): boolean {
    return true;
  }

  private async summary(loaded: LoadedDemo, headBefore: number): Promise<string> {
    const views = await Promise.all(
      loaded.proposals.map(({ id }) => this.queries.execute(new GetProposalQuery(id))),
    );
    const budgets: BudgetView[] = await Promise.all(
      DEMO_ENVELOPES.map(({ fiscalYear }) => this.queries.execute(new GetBudgetQuery(fiscalYear))),
    );
    const head = await this.store.readHead();
    const byStatus = STATUS_ORDER.map(
      (status) => [status, views.filter((view) => view.status === status).length] as const,
    ).filter(([, n]) => n > 0);
    const awaiting = views.filter((view) => view.status === 'submitted');
    const ready = awaiting.filter((view) => view.ready).length;
    const appended = head.position - headBefore;
    const approvedViews = views.filter((view) => view.status === 'approved');
    const plans = approvedViews.filter((view) => view.benefitPlan.length > 0).length;
    const evidence = approvedViews.flatMap((view) => view.benefitEvidence);
    const decided = (status: string) => evidence.filter((item) => item.status === status).length;
    const lines = [
      appended === 0
        ? `The demo portfolio was already loaded (${count(views.length)} proposals): nothing was appended.`
        : `Loaded the demo portfolio: ${count(views.length)} proposals, ${count(appended)} events.`,
      '',
      'Proposals by status:',
      ...byStatus.map(([status, n]) => `  ${status.padEnd(10)} ${String(n).padStart(3)}`),
      `Awaiting decision: ${awaiting.length} (${ready} ready, ${awaiting.length - ready} blocked)`,
      '',
      'Capital envelopes:',
      ...budgets.map(
        (budget) =>
          `  ${budget.fiscalYear}  ${pounds(budget.capitalEnvelope).padStart(15)}` +
          `  committed ${pounds(budget.committedCapital).padStart(15)}` +
          `  remaining ${pounds(budget.remainingCapital).padStart(15)}`,
      ),
      '',
      'Revenue envelopes (running costs of approved proposals, each year they run):',
      ...budgets.map((budget) => {
        const approved = views
          .filter(
            (view) =>
              view.status === 'approved' &&
              runsIn(view.fiscalYear, view.appraisalYears, budget.fiscalYear),
          )
          .reduce((sum, view) => sum.add(Money.parse(view.annualRevenueCost)), Money.ZERO);
        const remaining =
          budget.revenueEnvelope === null
            ? null
            : Money.parse(budget.revenueEnvelope).subtract(approved).toString();
        return (
          `  ${budget.fiscalYear}  ${pounds(budget.revenueEnvelope).padStart(15)}` +
          `  approved  ${pounds(approved.toString()).padStart(15)}` +
          `  remaining ${pounds(remaining).padStart(15)}`
        );
      }),
      '',
      `Benefits: ${plans} approved proposals with a benefit plan; ${evidence.length} pieces of evidence ` +
        `(${decided('validated')} validated, ${decided('rejected')} rejected, ${decided('pending')} awaiting validation). ` +
        'See `ledger benefits --fiscal-year 2026-27`.',
      '',
      `Head of the log: position ${head.position}, hash ${head.hash}`,
    ];
    return `${lines.join('\n')}\n`;
  }
}

/** Money as people read it: "£1,250,000.00". */
function pounds(amount: string | null): string {
  if (amount === null) return '(none)';
  const [whole, pence = '00'] = amount.split('.');
  // Whole pounds as a bigint, so no amount is rounded through a float.
  const withSeparators = BigInt(whole).toLocaleString('en-GB');
  return `£${withSeparators}.${pence.padEnd(2, '0')}`;
}
