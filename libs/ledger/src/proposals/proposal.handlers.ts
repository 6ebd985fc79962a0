import {
  budgetStream,
  decideOnProposal,
  policyInForce,
  policyStream,
  proposalDecider,
  ProposalNotFound,
  proposalStream,
  type BudgetState,
  type DecideProposal,
  type Money,
  type PolicyInForce,
  type ProposalCommand,
  type ProposalEvent,
  type ProposalState,
} from '@ledger/domain';
import { budgetFold } from '../budgets/budget.handlers';
import { readRevenueCommitted } from '../budgets/revenue-commitments';
import {
  deciderCommandHandler,
  type CommandWrite,
  type Decider,
} from '../command-handling/decider-command.handler';
import type { Fold } from '../event-streams';
import { policyFold } from '../policy/policy.handlers';
import { idFor, type RequestContext } from '../request-context';
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

export const proposalFold: Fold<ProposalState, ProposalEvent> = proposalDecider;

type ProposalWrite<Command = ProposalCommand, Facts = void> = CommandWrite<
  Command,
  ProposalEvent,
  ProposalState,
  Facts
>;

/** A write to one proposal's stream, refused as not found when the proposal was never drafted. */
function onProposal(proposalId: string, context: RequestContext, ifMatch?: number) {
  return {
    decider: proposalDecider,
    streamId: proposalStream(proposalId),
    id: proposalId,
    context,
    ifMatch,
    resource: 'The proposal',
    notFound: () => new ProposalNotFound(),
  };
}

interface DecisionFacts {
  readonly policy: PolicyInForce;
  readonly budget: BudgetState;
  readonly revenueCommitted?: Money;
}

/**
 * A decision reads the policy in force and the fiscal year's budget as facts, and an approval
 * commits its funds on that budget in the same atomic append as the ProposalApproved.
 */
const decisionDecider: Decider<DecideProposal, ProposalEvent, ProposalState> = {
  ...proposalDecider,
  decide: (command, state) => {
    const { proposalEvents, budgetEvents } = decideOnProposal(command, state);
    if (state.status === 'initial') return proposalEvents;
    return {
      events: proposalEvents,
      alsoAppend: [{ streamId: budgetStream(state.fiscalYear), events: budgetEvents }],
    };
  },
};

export const proposalCommandHandlers = [
  deciderCommandHandler(DraftProposalCommand, ({ fields, context }): ProposalWrite => {
    const proposalId = idFor(context, 'proposal');
    return {
      ...onProposal(proposalId, context),
      creates: true,
      command: (metadata) => ({
        type: 'DraftProposal',
        data: { ...fields, proposalId },
        metadata,
      }),
    };
  }),
  deciderCommandHandler(
    AmendProposalCommand,
    ({ proposalId, changes, context, ifMatch }): ProposalWrite => ({
      ...onProposal(proposalId, context, ifMatch),
      command: (metadata) => ({
        type: 'AmendProposal',
        data: { ...changes, proposalId },
        metadata,
      }),
    }),
  ),
  deciderCommandHandler(
    SubmitProposalCommand,
    ({ proposalId, context, ifMatch }): ProposalWrite => ({
      ...onProposal(proposalId, context, ifMatch),
      command: (metadata) => ({ type: 'SubmitProposal', data: { proposalId }, metadata }),
    }),
  ),
  deciderCommandHandler(
    RecordReviewCommand,
    ({ proposalId, review, context, ifMatch }): ProposalWrite => ({
      ...onProposal(proposalId, context, ifMatch),
      command: (metadata) => ({
        type: 'RecordReview',
        data: { ...review, proposalId, reviewId: idFor(context, 'review') },
        metadata,
      }),
    }),
  ),
  deciderCommandHandler(
    DeclareConflictOfInterestCommand,
    ({ proposalId, statement, context }): ProposalWrite => ({
      ...onProposal(proposalId, context),
      command: (metadata) => ({
        type: 'DeclareConflictOfInterest',
        data: { proposalId, statement },
        metadata,
      }),
    }),
  ),
  deciderCommandHandler(
    ReturnProposalCommand,
    ({ proposalId, reason, context, ifMatch }): ProposalWrite => ({
      ...onProposal(proposalId, context, ifMatch),
      command: (metadata) => ({ type: 'ReturnProposal', data: { proposalId, reason }, metadata }),
    }),
  ),
  deciderCommandHandler(
    WithdrawProposalCommand,
    ({ proposalId, reason, context, ifMatch }): ProposalWrite => ({
      ...onProposal(proposalId, context, ifMatch),
      command: (metadata) => ({ type: 'WithdrawProposal', data: { proposalId, reason }, metadata }),
    }),
  ),
  deciderCommandHandler(
    RecordBenefitsCommand,
    ({ proposalId, benefits, context, ifMatch }): ProposalWrite => ({
      ...onProposal(proposalId, context, ifMatch),
      command: (metadata) => ({
        type: 'RecordBenefits',
        data: { ...benefits, proposalId },
        metadata,
      }),
    }),
  ),
  // The board decides on the version it saw, so If-Match is required.
  deciderCommandHandler(
    DecideProposalCommand,
    ({ proposalId, decision, context, ifMatch }): ProposalWrite<DecideProposal, DecisionFacts> => ({
      ...onProposal(proposalId, context, ifMatch),
      versionRequiredFor: 'A decision',
      decider: decisionDecider,
      facts: async (proposal, read) => {
        if (proposal.status === 'initial') throw new ProposalNotFound();
        const policy = await read(policyStream(), policyFold);
        const budget = await read(budgetStream(proposal.fiscalYear), budgetFold);
        const inForce = policyInForce(policy.state, policy.position);
        if (inForce.enforceRevenueEnvelope !== true)
          return { policy: inForce, budget: budget.state };
        const revenueCommitted = await readRevenueCommitted(
          proposal.fiscalYear,
          budget.state,
          read,
        );
        return { policy: inForce, budget: budget.state, revenueCommitted };
      },
      command: (metadata, { policy, budget, revenueCommitted }) => ({
        type: 'DecideProposal',
        data: { ...decision, proposalId },
        metadata,
        policy,
        budget,
        revenueCommitted,
      }),
    }),
  ),
];
