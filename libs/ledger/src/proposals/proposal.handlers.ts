import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  budgetStream,
  decideOnProposal,
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
async function changeProposal(
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
    () => store.append([{ streamId, expectedVersion: current.version, events: toNewEvents(context, streamId, events) }]),
    ifMatch,
    'The proposal',
  );
  return { id: proposalId, version: result.streams[0].version, position: result.lastPosition, duplicate: result.duplicate };
}

/**
 * A retry of a request whose events are already in the stream (the first attempt won a race, or the
 * process stopped before it could remember the answer) gets the first attempt's answer.
 */
function retriedWrite(
  events: readonly { eventId: string; version: number; position: number }[],
  context: RequestContext,
  streamId: string,
  id: string,
): WriteResult | null {
  if (!context.idempotencyKey) return null;
  const firstId = idFor(context, `${streamId}#0`);
  const index = events.findIndex((event) => event.eventId === firstId);
  if (index < 0) return null;
  let last = events[index];
  for (let i = 1; index + i < events.length; i += 1) {
    if (events[index + i].eventId !== idFor(context, `${streamId}#${i}`)) break;
    last = events[index + i];
  }
  return { id, version: last.version, position: last.position, duplicate: true };
}

@CommandHandler(DraftProposalCommand)
export class DraftProposalHandler implements ICommandHandler<DraftProposalCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ fields, context }: DraftProposalCommand): Promise<WriteResult> {
    const proposalId = idFor(context, 'proposal');
    const streamId = proposalStream(proposalId);
    const current = await loadStream(this.store, streamId, proposalFold);
    const retried = retriedWrite(current.events, context, streamId, proposalId);
    if (retried) return retried;
    const events = decideProposal(
      { type: 'DraftProposal', data: { ...fields, proposalId }, metadata: metadataOf(context) },
      current.state,
    );
    const result = await this.store.append([
      { streamId, expectedVersion: 'no-stream', events: toNewEvents(context, streamId, events) },
    ]);
    return { id: proposalId, version: result.streams[0].version, position: result.lastPosition, duplicate: result.duplicate };
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

  execute({ proposalId, statement, context }: DeclareConflictOfInterestCommand): Promise<WriteResult> {
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

  async execute(command: DecideProposalCommand): Promise<WriteResult> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.decideOnce(command);
      } catch (error) {
        const budgetRace = error instanceof StreamVersionConflict && error.streamId.startsWith('budget-');
        if (!budgetRace || attempt >= BUDGET_RACE_RETRIES) throw error;
      }
    }
  }

  private async decideOnce({ proposalId, decision, context, ifMatch }: DecideProposalCommand): Promise<WriteResult> {
    const streamId = proposalStream(proposalId);
    const proposal = await loadStream(this.store, streamId, proposalFold);
    const retried = retriedWrite(proposal.events, context, streamId, proposalId);
    if (retried) return retried;
    if (proposal.state.status === 'initial') throw new ProposalNotFound();
    if (ifMatch === undefined) throw new VersionRequired('A decision');
    if (ifMatch !== proposal.version) throw new StaleVersion('The proposal', ifMatch, proposal.version);

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
        events: toNewEvents(context, budgetId, budgetEvents, proposalNew[proposalNew.length - 1].eventId),
      });
    }
    const result = await appendChecked(() => this.store.append(appends), ifMatch, 'The proposal');
    return { id: proposalId, version: result.streams[0].version, position: result.lastPosition, duplicate: result.duplicate };
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
