import { Inject } from '@nestjs/common';
import {
  Command,
  CommandHandler,
  Query,
  QueryHandler,
  type ICommandHandler,
  type IQueryHandler,
} from '@nestjs/cqrs';
import {
  budgetStream,
  decideBudget,
  FiscalYear,
  remainingCapital,
  type SetBudgetEnvelope,
} from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { loadStream, metadataOf, toNewEvents } from '../event-streams';
import { budgetFold } from '../proposals/proposal.handlers';
import { StaleVersion } from '../ledger.errors';
import { answerRetries, retriedWrite } from '../write-retries';
import type { RequestContext, WriteResult } from '../request-context';

export class SetBudgetEnvelopeCommand extends Command<WriteResult> {
  constructor(
    readonly envelope: SetBudgetEnvelope['data'],
    readonly context: RequestContext,
    readonly ifMatch?: number,
  ) {
    super();
  }
}

@CommandHandler(SetBudgetEnvelopeCommand)
export class SetBudgetEnvelopeHandler implements ICommandHandler<SetBudgetEnvelopeCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ envelope, context, ifMatch }: SetBudgetEnvelopeCommand): Promise<WriteResult> {
    const fiscalYear = FiscalYear.parse(envelope.fiscalYear).toString();
    return answerRetries(this.store, budgetStream(fiscalYear), fiscalYear, context, () =>
      this.set(fiscalYear, envelope, context, ifMatch),
    );
  }

  private async set(
    fiscalYear: string,
    envelope: SetBudgetEnvelope['data'],
    context: RequestContext,
    ifMatch: number | undefined,
  ): Promise<WriteResult> {
    const streamId = budgetStream(fiscalYear);
    const current = await loadStream(this.store, streamId, budgetFold);
    const retried = retriedWrite(current.events, context, streamId, fiscalYear);
    if (retried) return retried;
    if (ifMatch !== undefined && ifMatch !== current.version) {
      throw new StaleVersion(`The ${fiscalYear} budget`, ifMatch, current.version);
    }
    const events = decideBudget(
      {
        type: 'SetBudgetEnvelope',
        data: { ...envelope, fiscalYear },
        metadata: metadataOf(context),
      },
      current.state,
    );
    const result = await this.store.append([
      {
        streamId,
        expectedVersion: current.version,
        events: toNewEvents(context, streamId, events),
      },
    ]);
    return {
      id: fiscalYear,
      version: result.streams[0].version,
      position: result.lastPosition,
      duplicate: result.duplicate,
    };
  }
}

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
