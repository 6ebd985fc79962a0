import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
  budgetStream,
  decideBudget,
  decideOnProposal,
  decideProposal,
  defaultPolicy,
  evolveBudget,
  evolveProposal,
  initialBudgetState,
  initialProposalState,
  Money,
  proposalStream,
  type Actor,
  type BudgetEvent,
  type BudgetState,
  type DomainError,
  type ProposalCommand,
  type ProposalEvent,
  type ProposalState,
} from '@ledger/domain';
import type { EventStore, NewEvent } from '@ledger/event-store';

const people: Record<string, Actor> = {
  alice: { id: 'alice', name: 'Alice Proposer', roles: ['proposer'], authorities: [] },
  pat: { id: 'pat', name: 'Pat Proposer', roles: ['proposer'], authorities: [] },
  rita: { id: 'rita', name: 'Rita Reviewer', roles: ['reviewer'], authorities: [] },
  tom: { id: 'tom', name: 'Tom Reviewer', roles: ['reviewer'], authorities: [] },
  bob: {
    id: 'bob',
    name: 'Bob Board',
    roles: ['board'],
    authorities: ['chief-officer', 'investment-board', 'cabinet'],
  },
  fay: { id: 'fay', name: 'Fay Finance', roles: ['finance'], authorities: [] },
};

export type Step =
  | {
      kind: 'draft';
      proposer: 'alice' | 'pat';
      capital: number;
      department: string;
      statutory: boolean;
    }
  | {
      kind:
        | 'submit'
        | 'withdraw'
        | 'approve'
        | 'reject'
        | 'defer'
        | 'return'
        | 'amend'
        | 'conflict'
        | 'benefits';
      proposal: number;
    }
  | {
      kind: 'review';
      proposal: number;
      reviewer: 'rita' | 'tom';
      reviewKind: 'financial' | 'technical';
      score: number;
    }
  | { kind: 'envelope'; capital: number };

export const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('draft' as const),
    proposer: fc.constantFrom('alice' as const, 'pat' as const),
    capital: fc.integer({ min: 1, max: 400 }),
    department: fc.constantFrom('Housing', 'Finance', 'Waste'),
    statutory: fc.boolean(),
  }),
  fc.record({
    kind: fc.constantFrom(
      'submit' as const,
      'withdraw' as const,
      'approve' as const,
      'reject' as const,
      'defer' as const,
      'return' as const,
      'amend' as const,
      'conflict' as const,
      'benefits' as const,
    ),
    proposal: fc.nat(5),
  }),
  fc.record({
    kind: fc.constant('review' as const),
    proposal: fc.nat(5),
    reviewer: fc.constantFrom('rita' as const, 'tom' as const),
    reviewKind: fc.constantFrom('financial' as const, 'technical' as const),
    score: fc.integer({ min: 0, max: 5 }),
  }),
  fc.record({
    kind: fc.constant('envelope' as const),
    capital: fc.integer({ min: 100, max: 2000 }),
  }),
);

/**
 * Plays steps through the real deciders and appends what they decide, as the command handlers do;
 * steps the rules refuse are skipped. Returns how many appends were made.
 */
export async function playScenario(store: EventStore, steps: readonly Step[]): Promise<number> {
  return new Scenario(store).play(steps);
}

/** Keeps the state of its proposals and budget across calls, so steps can be played in slices. */
export class Scenario {
  private readonly proposals: string[] = [];
  private readonly states = new Map<string, ProposalState>();
  private budget: BudgetState = initialBudgetState();
  private budgetVersion = 0;

  constructor(
    private readonly store: EventStore,
    private readonly clock = () => new Date().toISOString(),
  ) {}

  play(steps: readonly Step[]): Promise<number> {
    return this.playSteps(steps);
  }

  private loaded = false;

  private async playSteps(steps: readonly Step[]): Promise<number> {
    if (!this.loaded) {
      // the log may already hold this year's this.budget from earlier scenarios on the same database
      const events = await this.store.readStream(budgetStream('2026-27'));
      this.budget = events.reduce(
        (state, event) =>
          evolveBudget(state, { type: event.type, data: event.data } as BudgetEvent),
        this.budget,
      );
      this.budgetVersion = events.length;
      this.loaded = true;
    }
    const { store, proposals, states, clock } = this;
    let appends = 0;
    const year = '2026-27';
    const toNew = (events: readonly (ProposalEvent | BudgetEvent)[], actor: Actor): NewEvent[] =>
      events.map((event) => ({
        eventId: randomUUID(),
        type: event.type,
        data: event.data as never,
        metadata: {
          actor: { id: actor.id, name: actor.name },
          roles: [...actor.roles],
          correlationId: randomUUID(),
          causationId: null,
        },
      }));
    for (const step of steps) {
      const now = clock();
      try {
        if (step.kind === 'envelope') {
          const events = decideBudget(
            {
              type: 'SetBudgetEnvelope',
              data: {
                fiscalYear: year,
                capitalEnvelope: `${step.capital}000`,
                revenueEnvelope: '100000',
              },
              metadata: { actor: people.fay, now },
            },
            this.budget,
          );
          await store.append([
            {
              streamId: budgetStream(year),
              expectedVersion: this.budgetVersion,
              events: toNew(events, people.fay),
            },
          ]);
          this.budget = events.reduce(evolveBudget, this.budget);
          this.budgetVersion += events.length;
          appends += 1;
          continue;
        }
        let id: string;
        let actor: Actor;
        let command: ProposalCommand;
        if (step.kind === 'draft') {
          id = randomUUID();
          actor = people[step.proposer];
          command = {
            type: 'DraftProposal',
            data: {
              proposalId: id,
              title: `Proposal ${proposals.length + 1}`,
              summary: 'A business case',
              department: step.department,
              category: 'infrastructure',
              fiscalYear: year,
              capitalCost: `${step.capital}000`,
              annualRevenueCost: '1000',
              annualCashableSaving: '20000',
              annualNonCashableBenefit: '5000',
              appraisalYears: 5,
              statutory: step.statutory,
            },
            metadata: { actor, now },
          };
        } else {
          if (proposals.length === 0) continue;
          id = proposals[step.proposal % proposals.length];
          const state = states.get(id)!;
          const proposer = state.status === 'initial' ? people.alice : people[state.proposer.id];
          switch (step.kind) {
            case 'submit':
              actor = proposer;
              command = {
                type: 'SubmitProposal',
                data: { proposalId: id },
                metadata: { actor, now },
              };
              break;
            case 'withdraw':
              actor = proposer;
              command = {
                type: 'WithdrawProposal',
                data: { proposalId: id, reason: 'No longer needed' },
                metadata: { actor, now },
              };
              break;
            case 'amend':
              actor = proposer;
              command = {
                type: 'AmendProposal',
                data: {
                  proposalId: id,
                  title: `Proposal ${proposals.indexOf(id) + 1}, amended`,
                  capitalCost:
                    state.status === 'initial'
                      ? '1000'
                      : state.capitalCost.add(Money.parse('750.25')).toString(),
                },
                metadata: { actor, now },
              };
              break;
            case 'conflict':
              actor = people.tom;
              command = {
                type: 'DeclareConflictOfInterest',
                data: { proposalId: id, statement: 'My partner works for the supplier' },
                metadata: { actor, now },
              };
              break;
            case 'return':
              actor = people.bob;
              command = {
                type: 'ReturnProposal',
                data: { proposalId: id, reason: 'Needs options' },
                metadata: { actor, now },
              };
              break;
            case 'review':
              actor = people[step.reviewer];
              command = {
                type: 'RecordReview',
                data: {
                  proposalId: id,
                  reviewId: randomUUID(),
                  kind: step.reviewKind,
                  scores: {
                    strategicFit: step.score,
                    valueForMoney: 3,
                    deliverability: 4,
                    riskReduction: 2,
                    serviceImpact: step.score,
                  },
                  recommendation: 'support',
                  comments: 'Fine',
                },
                metadata: { actor, now },
              };
              break;
            case 'benefits':
              actor = people.fay;
              command = {
                type: 'RecordBenefits',
                data: {
                  proposalId: id,
                  period: year,
                  cashableSaving: '1500.50',
                  nonCashableBenefit: '200',
                  note: 'Quarter one',
                },
                metadata: { actor, now },
              };
              break;
            case 'approve':
            case 'reject':
            case 'defer': {
              actor = people.bob;
              const decide = {
                type: 'DecideProposal' as const,
                data: {
                  proposalId: id,
                  outcome:
                    step.kind === 'approve'
                      ? ('approved' as const)
                      : step.kind === 'reject'
                        ? ('rejected' as const)
                        : ('deferred' as const),
                  authority: 'cabinet',
                  reason: 'Board decision',
                  ...(step.kind === 'approve' && state.status !== 'initial'
                    ? { approvedAmount: state.capitalCost.toString() }
                    : {}),
                  ...(step.kind === 'defer' ? { deferredUntil: '2099-04-01' } : {}),
                },
                metadata: { actor, now },
                policy: defaultPolicy(),
                budget: this.budget,
              };
              const { proposalEvents, budgetEvents } = decideOnProposal(decide, state);
              const appendsNow = [
                {
                  streamId: proposalStream(id),
                  expectedVersion: state.version,
                  events: toNew(proposalEvents, actor),
                },
              ];
              if (budgetEvents.length > 0)
                appendsNow.push({
                  streamId: budgetStream(year),
                  expectedVersion: this.budgetVersion,
                  events: toNew(budgetEvents, actor),
                });
              await store.append(appendsNow);
              states.set(id, proposalEvents.reduce(evolveProposal, state));
              this.budget = budgetEvents.reduce(evolveBudget, this.budget);
              this.budgetVersion += budgetEvents.length;
              appends += 1;
              continue;
            }
          }
        }
        const state = states.get(id) ?? initialProposalState();
        const events = decideProposal(command, state);
        await store.append([
          {
            streamId: proposalStream(id),
            expectedVersion: state.version,
            events: toNew(events, actor),
          },
        ]);
        states.set(id, events.reduce(evolveProposal, state));
        if (step.kind === 'draft') proposals.push(id);
        appends += 1;
      } catch (error) {
        if (!(error as DomainError).kind) throw error;
      }
    }
    return appends;
  }
}
