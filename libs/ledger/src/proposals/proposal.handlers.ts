import {
  budgetStream,
  decideOnProposal,
  policyInForce,
  policyStream,
  proposalDecider,
  ProposalNotFound,
  proposalStream,
  type AdoptedScenarioFact,
  type BudgetState,
  type DecideProposal,
  type Money,
  type PolicyInForce,
  type PublishKeyDecisionNotice,
  type ProposalCommand,
  type ProposalEvent,
  type ProposalState,
  type RelationFacts,
} from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { ReadModelDatabase } from '@ledger/read-models';
import { budgetFold } from '../budgets/budget.handlers';
import { readRevenueCommitted } from '../budgets/revenue-commitments';
import {
  deciderCommandHandler,
  type CommandWrite,
  type Decider,
} from '../command-handling/decider-command.handler';
import type { Fold } from '../event-streams';
import { policyFold } from '../policy/policy.handlers';
import { adoptedScenarioFact } from '../scenarios/adopted-scenario.fact';
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
  PublishKeyDecisionNoticeCommand,
} from './proposal.commands';
import { relatedProposalsAhead } from './split-spend.query';

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
  readonly relatedProposals?: readonly RelationFacts[];
  readonly adoptedScenario: AdoptedScenarioFact | null;
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
    ({ proposalId, context, ifMatch }): ProposalWrite<ProposalCommand, PolicyInForce> => ({
      ...onProposal(proposalId, context, ifMatch),
      // The policy in force fixes the business case stage at the first submission.
      facts: async (_, read) => {
        const policy = await read(policyStream(), policyFold);
        return policyInForce(policy.state, policy.position);
      },
      command: (metadata, policy) => ({
        type: 'SubmitProposal',
        data: { proposalId },
        metadata,
        policy,
      }),
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
    (
      { proposalId, decision, context, ifMatch },
      store: EventStore,
      readModels: ReadModelDatabase | undefined,
    ): ProposalWrite<DecideProposal, DecisionFacts> => ({
      ...onProposal(proposalId, context, ifMatch),
      versionRequiredFor: 'A decision',
      decider: decisionDecider,
      facts: async (proposal, read) => {
        if (proposal.status === 'initial') throw new ProposalNotFound();
        // The related proposals are read alongside the policy, on the last policy's window.
        const related = relatedProposalsAhead(store, readModels, proposal);
        // Independent reads side by side: on PostgreSQL each wave costs one round trip, not one per read.
        const [adoptedScenario, [budget, inForce, revenueCommitted, relatedProposals]] =
          await Promise.all([
            adoptedScenarioFact(readModels ?? null, proposal.fiscalYear, read),
            (async () => {
              const [policy, budget] = await Promise.all([
                read(policyStream(), policyFold),
                read(budgetStream(proposal.fiscalYear), budgetFold),
              ]);
              const inForce = policyInForce(policy.state, policy.position);
              return [
                budget,
                inForce,
                ...(await Promise.all([
                  inForce.enforceRevenueEnvelope === true
                    ? readRevenueCommitted(proposal.fiscalYear, budget.state, read)
                    : undefined,
                  related(inForce),
                ])),
              ] as const;
            })(),
          ]);
        return {
          policy: inForce,
          budget: budget.state,
          relatedProposals,
          adoptedScenario,
          ...(revenueCommitted ? { revenueCommitted } : {}),
        };
      },
      command: (
        metadata,
        { policy, budget, relatedProposals, adoptedScenario, revenueCommitted },
      ) => ({
        type: 'DecideProposal',
        data: { ...decision, proposalId },
        metadata,
        policy,
        budget,
        ...(relatedProposals ? { relatedProposals } : {}),
        adoptedScenario,
        ...(revenueCommitted ? { revenueCommitted } : {}),
      }),
    }),
    [EVENT_STORE, { token: ReadModelDatabase, optional: true }],
  ),
  // The decision maker named must be a tier of the policy in force, so the policy is read as a fact.
  deciderCommandHandler(
    PublishKeyDecisionNoticeCommand,
    ({
      proposalId,
      notice,
      context,
      ifMatch,
    }): ProposalWrite<PublishKeyDecisionNotice, PolicyInForce> => ({
      ...onProposal(proposalId, context, ifMatch),
      facts: async (_proposal, read) => {
        const policy = await read(policyStream(), policyFold);
        return policyInForce(policy.state, policy.position);
      },
      command: (metadata, policy) => ({
        type: 'PublishKeyDecisionNotice',
        data: { ...notice, proposalId, noticeId: idFor(context, 'notice') },
        metadata,
        policy,
      }),
    }),
  ),
];
