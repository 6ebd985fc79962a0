import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  budgetStream,
  decideOnProposal,
  DomainError,
  decideProposal,
  evolveBudget,
  evolveProposal,
  initialBudgetState,
  initialProposalState,
  ProposalNotFound,
  proposalStream,
  type BudgetEvent,
  type BudgetState,
  type CommandMetadata,
  type ProposalCommand,
  type ProposalEvent,
  type ProposalState,
} from '@ledger/domain';
import { EVENT_STORE, StreamVersionConflict, type EventStore } from '@ledger/event-store';
import { appendChecked, loadStream, metadataOf, toNewEvents, type Fold } from '../event-streams';
import { answerRetries, retriedWrite } from '../write-retries';
import { StaleVersion, VersionRequired } from '../ledger.errors';
import { loadPolicyInForce } from '../policy/policy.handlers';
import { idFor, type RequestContext, type WriteResult } from '../request-context';
import {
  AmendProposalCommand,
  DecideProposalCommand,
  DeclareConflictOfInterestCommand,
  DraftProposalCommand,
  RecordBenefitsCommand,
  RecordReviewCommand,
  ReturnProposalCommand,
  SubmitProposalCommand,
  WithdrawProposalCommand,
} from './proposal.commands';

export const proposalFold: Fold<ProposalState, ProposalEvent> = {
  initial: initialProposalState,
  evolve: evolveProposal,
};

export const budgetFold: Fold<BudgetState, BudgetEvent> = {
  initial: initialBudgetState,
  evolve: evolveBudget,
};

/**
 * The generic write path for one proposal: read and fold its stream, check the client's If-Match,
 * decide, and append with the version it was decided on, so a concurrent change makes this one fail
 * rather than both land.
 */
function changeProposal(
  store: EventStore,
  proposalId: string,
  context: RequestContext,
  ifMatch: number | undefined,
  command: (metadata: CommandMetadata) => ProposalCommand,
): Promise<WriteResult> {
  return answerRetries(store, proposalStream(proposalId), proposalId, context, () =>
    changeProposalOnce(store, proposalId, context, ifMatch, command),
  );
}

async function changeProposalOnce(
  store: EventStore,
  proposalId: string,
  context: RequestContext,
  ifMatch: number | undefined,
  command: (metadata: CommandMetadata) => ProposalCommand,
): Promise<WriteResult> {
  const streamId = proposalStream(proposalId);
  const current = await loadStream(store, streamId, proposalFold);
  const retried = retriedWrite(current.events, context, streamId, proposalId);
  if (retried) return retried;
  if (current.version === 0) throw new ProposalNotFound();
  if (ifMatch !== undefined && ifMatch !== current.version) {
    throw new StaleVersion('The proposal', ifMatch, current.version);
  }
  const events = decideProposal(command(metadataOf(context)), current.state);
  const result = await appendChecked(
    () =>
      store.append([
        {
          streamId,
          expectedVersion: current.version,
          events: toNewEvents(context, streamId, events),
        },
      ]),
    ifMatch,
    'The proposal',
  );
  return {
    id: proposalId,
    version: result.streams[0].version,
    position: result.lastPosition,
    duplicate: result.duplicate,
  };
}

@CommandHandler(DraftProposalCommand)
export class DraftProposalHandler implements ICommandHandler<DraftProposalCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ fields, context }: DraftProposalCommand): Promise<WriteResult> {
    const proposalId = idFor(context, 'proposal');
    return answerRetries(this.store, proposalStream(proposalId), proposalId, context, () =>
      this.draft(proposalId, fields, context),
    );
  }

  private async draft(
    proposalId: string,
    fields: DraftProposalCommand['fields'],
    context: RequestContext,
  ): Promise<WriteResult> {
    const streamId = proposalStream(proposalId);
    // Without an Idempotency-Key the id is a fresh random UUID, so there is no stream to read (and
    // the append's no-stream expectation would refuse one); with a key this may be a retry.
    let state = proposalFold.initial();
    if (context.idempotencyKey) {
      const current = await loadStream(this.store, streamId, proposalFold);
      const retried = retriedWrite(current.events, context, streamId, proposalId);
      if (retried) return retried;
      state = current.state;
    }
    const events = decideProposal(
      { type: 'DraftProposal', data: { ...fields, proposalId }, metadata: metadataOf(context) },
      state,
    );
    const result = await this.store.append([
      { streamId, expectedVersion: 'no-stream', events: toNewEvents(context, streamId, events) },
    ]);
    return {
      id: proposalId,
      version: result.streams[0].version,
      position: result.lastPosition,
      duplicate: result.duplicate,
    };
  }
}

@CommandHandler(AmendProposalCommand)
export class AmendProposalHandler implements ICommandHandler<AmendProposalCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ proposalId, changes, context, ifMatch }: AmendProposalCommand): Promise<WriteResult> {
    return changeProposal(this.store, proposalId, context, ifMatch, (metadata) => ({
      type: 'AmendProposal',
      data: { ...changes, proposalId },
      metadata,
    }));
  }
}

@CommandHandler(SubmitProposalCommand)
export class SubmitProposalHandler implements ICommandHandler<SubmitProposalCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ proposalId, context, ifMatch }: SubmitProposalCommand): Promise<WriteResult> {
    return changeProposal(this.store, proposalId, context, ifMatch, (metadata) => ({
      type: 'SubmitProposal',
      data: { proposalId },
      metadata,
    }));
  }
}

@CommandHandler(RecordReviewCommand)
export class RecordReviewHandler implements ICommandHandler<RecordReviewCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ proposalId, review, context, ifMatch }: RecordReviewCommand): Promise<WriteResult> {
    return changeProposal(this.store, proposalId, context, ifMatch, (metadata) => ({
      type: 'RecordReview',
      data: { ...review, proposalId, reviewId: idFor(context, 'review') },
      metadata,
    }));
  }
}

@CommandHandler(DeclareConflictOfInterestCommand)
export class DeclareConflictOfInterestHandler implements ICommandHandler<DeclareConflictOfInterestCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({
    proposalId,
    statement,
    context,
  }: DeclareConflictOfInterestCommand): Promise<WriteResult> {
    return changeProposal(this.store, proposalId, context, undefined, (metadata) => ({
      type: 'DeclareConflictOfInterest',
      data: { proposalId, statement },
      metadata,
    }));
  }
}

@CommandHandler(ReturnProposalCommand)
export class ReturnProposalHandler implements ICommandHandler<ReturnProposalCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ proposalId, reason, context, ifMatch }: ReturnProposalCommand): Promise<WriteResult> {
    return changeProposal(this.store, proposalId, context, ifMatch, (metadata) => ({
      type: 'ReturnProposal',
      data: { proposalId, reason },
      metadata,
    }));
  }
}

@CommandHandler(WithdrawProposalCommand)
export class WithdrawProposalHandler implements ICommandHandler<WithdrawProposalCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ proposalId, reason, context, ifMatch }: WithdrawProposalCommand): Promise<WriteResult> {
    return changeProposal(this.store, proposalId, context, ifMatch, (metadata) => ({
      type: 'WithdrawProposal',
      data: { proposalId, reason },
      metadata,
    }));
  }
}

@CommandHandler(RecordBenefitsCommand)
export class RecordBenefitsHandler implements ICommandHandler<RecordBenefitsCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ proposalId, benefits, context, ifMatch }: RecordBenefitsCommand): Promise<WriteResult> {
    return changeProposal(this.store, proposalId, context, ifMatch, (metadata) => ({
      type: 'RecordBenefits',
      data: { ...benefits, proposalId },
      metadata,
    }));
  }
}

const BUDGET_RACE_RETRIES = 5;

/**
 * A decision is taken on the version the board saw (If-Match is required), under the policy in
 * force now, and an approval commits its funds on the fiscal year's budget stream in the same atomic
 * append. When another approval changed the budget in between, the decision is taken again against
 * the new budget, so two approvals that both fit both succeed and the one that does not is refused.
 */
@CommandHandler(DecideProposalCommand)
export class DecideProposalHandler implements ICommandHandler<DecideProposalCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: DecideProposalCommand): Promise<WriteResult> {
    return answerRetries(
      this.store,
      proposalStream(command.proposalId),
      command.proposalId,
      command.context,
      () => this.decideRetryingBudgetRaces(command),
    );
  }

  private async decideRetryingBudgetRaces(command: DecideProposalCommand): Promise<WriteResult> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.decideOnce(command);
      } catch (error) {
        const budgetRace =
          error instanceof StreamVersionConflict && error.streamId.startsWith('budget-');
        if (!budgetRace || attempt >= BUDGET_RACE_RETRIES)
          throw await this.staleIfDecidedMeanwhile(command, error);
      }
    }
  }

  /**
   * The proposal and its budget are read one after the other, so a decision that lands in between
   * shows up first as a budget that already holds this proposal's funds: that is a stale If-Match.
   */
  private async staleIfDecidedMeanwhile(
    { proposalId, ifMatch }: DecideProposalCommand,
    error: unknown,
  ): Promise<unknown> {
    if (
      ifMatch === undefined ||
      !(error instanceof DomainError || error instanceof StreamVersionConflict)
    )
      return error;
    const events = await this.store.readStream(proposalStream(proposalId));
    const version = events.length;
    return version !== ifMatch ? new StaleVersion('The proposal', ifMatch, version) : error;
  }

  private async decideOnce({
    proposalId,
    decision,
    context,
    ifMatch,
  }: DecideProposalCommand): Promise<WriteResult> {
    const streamId = proposalStream(proposalId);
    const proposal = await loadStream(this.store, streamId, proposalFold);
    const retried = retriedWrite(proposal.events, context, streamId, proposalId);
    if (retried) return retried;
    if (proposal.state.status === 'initial') throw new ProposalNotFound();
    if (ifMatch === undefined) throw new VersionRequired('A decision');
    if (ifMatch !== proposal.version)
      throw new StaleVersion('The proposal', ifMatch, proposal.version);

    const policy = await loadPolicyInForce(this.store);
    const budgetId = budgetStream(proposal.state.fiscalYear);
    const budget = await loadStream(this.store, budgetId, budgetFold);
    const { proposalEvents, budgetEvents } = decideOnProposal(
      {
        type: 'DecideProposal',
        data: { ...decision, proposalId },
        metadata: metadataOf(context),
        policy,
        budget: budget.state,
      },
      proposal.state,
    );
    const proposalNew = toNewEvents(context, streamId, proposalEvents);
    const appends = [{ streamId, expectedVersion: proposal.version, events: proposalNew }];
    if (budgetEvents.length > 0) {
      appends.push({
        streamId: budgetId,
        expectedVersion: budget.version,
        events: toNewEvents(
          context,
          budgetId,
          budgetEvents,
          proposalNew[proposalNew.length - 1].eventId,
        ),
      });
    }
    const result = await appendChecked(() => this.store.append(appends), ifMatch, 'The proposal');
    return {
      id: proposalId,
      version: result.streams[0].version,
      position: result.lastPosition,
      duplicate: result.duplicate,
    };
  }
}

export const proposalCommandHandlers = [
  DraftProposalHandler,
  AmendProposalHandler,
  SubmitProposalHandler,
  RecordReviewHandler,
  DeclareConflictOfInterestHandler,
  ReturnProposalHandler,
  WithdrawProposalHandler,
  DecideProposalHandler,
  RecordBenefitsHandler,
];
