import { Inject } from '@nestjs/common';
import { Command, Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  budgetDecider,
  budgetStream,
  FiscalYear,
  remainingCapital,
  type BudgetCommand,
  type BudgetEvent,
  type BudgetState,
  type SetBudgetEnvelope,
} from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import {
  deciderCommandHandler,
  type CommandWrite,
} from '../command-handling/decider-command.handler';
import { loadStream, type Fold } from '../event-streams';
import type { RequestContext, WriteResult } from '../request-context';

export const budgetFold: Fold<BudgetState, BudgetEvent> = budgetDecider;

export class SetBudgetEnvelopeCommand extends Command<WriteResult> {
  constructor(
    readonly envelope: SetBudgetEnvelope['data'],
    readonly context: RequestContext,
    /** The budget version the client last saw (If-Match): two finance officers must not overwrite each other. */
    readonly ifMatch?: number,
  ) {
    super();
  }
}

export const SetBudgetEnvelopeHandler = deciderCommandHandler(
  SetBudgetEnvelopeCommand,
  ({ envelope, context, ifMatch }): CommandWrite<BudgetCommand, BudgetEvent, BudgetState> => {
    const fiscalYear = FiscalYear.parse(envelope.fiscalYear).toString();
    return {
      decider: budgetDecider,
      streamId: budgetStream(fiscalYear),
      id: fiscalYear,
      context,
      ifMatch,
      resource: `The ${fiscalYear} budget`,
      command: (metadata) => ({
        type: 'SetBudgetEnvelope',
        data: { ...envelope, fiscalYear },
        metadata,
      }),
    };
  },
);

export interface BudgetView {
  readonly fiscalYear: string;
  readonly capitalEnvelope: string | null;
  readonly revenueEnvelope: string | null;
  readonly committedCapital: string;
  readonly remainingCapital: string | null;
  readonly commitments: readonly { proposalId: string; amount: string; committedAt: string }[];
  readonly setAt: string | null;
  readonly version: number;
}

export class GetBudgetQuery extends Query<BudgetView> {
  constructor(readonly fiscalYear: string) {
    super();
  }
}

@QueryHandler(GetBudgetQuery)
export class GetBudgetHandler implements IQueryHandler<GetBudgetQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ fiscalYear }: GetBudgetQuery): Promise<BudgetView> {
    const year = FiscalYear.parse(fiscalYear).toString();
    const { state, version } = await loadStream(this.store, budgetStream(year), budgetFold);
    if (state.status === 'initial') {
      return {
        fiscalYear: year,
        capitalEnvelope: null,
        revenueEnvelope: null,
        committedCapital: '0.00',
        remainingCapital: null,
        commitments: [],
        setAt: null,
        version,
      };
    }
    return {
      fiscalYear: year,
      capitalEnvelope: state.capitalEnvelope.toString(),
      revenueEnvelope: state.revenueEnvelope.toString(),
      committedCapital: state.committed.toString(),
      remainingCapital: remainingCapital(state).toString(),
      commitments: state.commitments.map((commitment) => ({
        proposalId: commitment.proposalId,
        amount: commitment.amount.toString(),
        committedAt: commitment.committedAt,
      })),
      setAt: state.setAt,
      version,
    };
  }
}
