import type { CommandBus } from '@nestjs/cqrs';
import {
  lowestSufficientTier,
  Money,
  wholeLifeCost,
  type Actor,
  type Policy,
  type Recommendation,
  type ReviewKind,
} from '@ledger/domain';
import {
  AdoptPolicyCommand,
  AmendProposalCommand,
  DecideProposalCommand,
  DeclareConflictOfInterestCommand,
  DraftProposalCommand,
  idFor,
  RecordBenefitEvidenceCommand,
  RecordBenefitsCommand,
  RecordReviewCommand,
  ReturnProposalCommand,
  SetBudgetEnvelopeCommand,
  SubmitProposalCommand,
  ValidateBenefitEvidenceCommand,
  WithdrawProposalCommand,
  type RequestContext,
  type WriteResult,
} from '@ledger/ledger';
import { DEMO_COUNCIL, type DemoPost } from '@ledger/platform';
import {
  DEMO_ENVELOPES,
  DEMO_POLICY,
  DEMO_PROPOSALS,
  PROPOSER_OF,
  type DemoFields,
  type DemoProposal,
  type Step,
  type Tone,
} from './demo-portfolio';
import { DEMO_REALISATION, type DemoRealisation } from './demo-benefits';
import { DemoRandom } from './demo-random';

const SEED = 20_261_202;

const REVIEWERS: Readonly<Record<ReviewKind, readonly DemoPost[]>> = {
  financial: ['financialReviewer', 'secondFinancialReviewer'],
  technical: ['technicalReviewer', 'secondTechnicalReviewer'],
  security: ['securityReviewer'],
  legal: ['legalReviewer'],
  service: ['serviceReviewer'],
};

const DECIDER_OF_TIER: Readonly<Record<string, DemoPost>> = {
  'chief-officer': 'chiefOfficer',
  'investment-board': 'boardChair',
  cabinet: 'cabinetMember',
};

const SCORE_RANGE: Readonly<Record<Tone, readonly [number, number]>> = {
  strong: [4, 5],
  sound: [3, 4],
  mixed: [2, 4],
  weak: [1, 3],
};

const RECOMMENDATIONS: Readonly<Record<Tone, readonly Recommendation[]>> = {
  strong: ['support', 'support', 'support', 'support-with-conditions'],
  sound: ['support', 'support-with-conditions'],
  mixed: ['support-with-conditions', 'support-with-conditions', 'oppose'],
  weak: ['oppose', 'oppose', 'support-with-conditions'],
};

const COMMENTS: Readonly<Record<ReviewKind, Readonly<Record<Recommendation, string>>>> = {
  financial: {
    support: 'Costs are benchmarked and the savings are cashable and owned by the service.',
    'support-with-conditions':
      'Savings are plausible but back-loaded; track them against the budget each quarter.',
    oppose: 'The savings are not cashable on this timetable and the revenue costs are understated.',
  },
  technical: {
    support: 'Fits the target architecture; the supplier’s product is mature and hosted in the UK.',
    'support-with-conditions':
      'Sound design, subject to single sign-on and an exit plan for the data.',
    oppose: 'Duplicates capability we already own and adds another integration to support.',
  },
  security: {
    support: 'Cyber Essentials Plus supplier; data stays in the UK; no concerns.',
    'support-with-conditions': 'Needs a penetration test and a DPIA signed off before go-live.',
    oppose: 'The supplier cannot evidence how it would notify us of a breach.',
  },
  legal: {
    support: 'Procurement route is compliant; the statutory duty is correctly described.',
    'support-with-conditions': 'Use the framework call-off terms; agree data sharing first.',
    oppose: 'The proposed direct award would not survive challenge.',
  },
  service: {
    support: 'Practitioners asked for this; it removes double recording.',
    'support-with-conditions': 'Involve front-line staff in design and keep an assisted route.',
    oppose: 'Staff will not use it without changes to the process it assumes.',
  },
};

/** What loading made: each proposal's key and id, in the order drafted. */
export interface LoadedDemo {
  readonly proposals: readonly { readonly key: string; readonly id: string }[];
}

/**
 * Plays the demo council's year through the CommandBus, as the API would: every event is decided by
 * the domain and recorded with the person who caused it. Each command carries an Idempotency-Key
 * derived from the proposal and the step, so its ids are the same in every run. Times are now: the
 * log records when each event was appended, and the events say the same.
 */
export class DemoLoader {
  private readonly random = new DemoRandom(SEED);
  private readonly policy: Policy = {
    ...DEMO_POLICY,
    requiredReviewKinds: [...DEMO_POLICY.requiredReviewKinds],
    delegation: DEMO_POLICY.delegation.map((tier) => ({
      authority: tier.authority,
      upTo: tier.upTo === null ? null : Money.parse(tier.upTo),
    })),
    keyDecisionThreshold: null,
    splitSpendWindowDays: null,
  };
  private readonly meetings = new Map<string, number>();

  constructor(
    private readonly commands: CommandBus,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async load(): Promise<LoadedDemo> {
    await this.run(
      'admin',
      'policy',
      (context) =>
        new AdoptPolicyCommand(
          {
            ...DEMO_POLICY,
            delegation: DEMO_POLICY.delegation.map((tier) => ({ ...tier })),
            requiredReviewKinds: [...DEMO_POLICY.requiredReviewKinds],
            criteriaWeights: { ...DEMO_POLICY.criteriaWeights },
          },
          context,
        ),
    );
    for (const envelope of DEMO_ENVELOPES) {
      await this.run(
        'financeOfficer',
        `budget-${envelope.fiscalYear}`,
        (context) =>
          new SetBudgetEnvelopeCommand(
            {
              fiscalYear: envelope.fiscalYear,
              capitalEnvelope: pounds(envelope.capital),
              revenueEnvelope: pounds(envelope.revenue),
            },
            context,
          ),
      );
    }
    const proposals: { key: string; id: string }[] = [];
    for (const proposal of DEMO_PROPOSALS) {
      proposals.push({ key: proposal.key, id: await this.live(proposal) });
    }
    return { proposals };
  }

  private async live(proposal: DemoProposal): Promise<string> {
    const proposer = PROPOSER_OF[proposal.department];
    const realisation = DEMO_REALISATION[proposal.key];
    const drafted = await this.run(
      proposer,
      `${proposal.key}/draft`,
      (context) =>
        new DraftProposalCommand(
          {
            title: proposal.title,
            summary: proposal.summary,
            department: proposal.department,
            category: proposal.category,
            fiscalYear: proposal.fiscalYear,
            capitalCost: pounds(proposal.capital),
            annualRevenueCost: pounds(proposal.revenue),
            annualCashableSaving: pounds(proposal.cashable),
            annualNonCashableBenefit: pounds(proposal.nonCashable),
            appraisalYears: proposal.years,
            statutory: proposal.statutory,
            risks: proposal.risks,
            strategicObjectives: [...proposal.objectives],
            ...(realisation ? { benefitPlan: benefitPlanOf(realisation) } : {}),
          },
          context,
        ),
    );
    const id = drafted.id;
    let version = drafted.version;
    let fields: DemoFields = proposal;
    for (const [index, step] of proposal.life.entries()) {
      const key = `${proposal.key}/${index}-${step.do}`;
      const result = await this.step(proposal, id, version, fields, proposer, key, step);
      version = result.version;
      if (step.do === 'amend') fields = { ...fields, ...step.changes };
    }
    if (realisation) await this.realise(proposal.key, id, proposer, realisation);
    return id;
  }

  /**
   * After approval: the proposer evidences each benefit's year, and the finance officer, who did not
   * record it, validates or rejects it (or has yet to).
   */
  private async realise(
    proposalKey: string,
    id: string,
    proposer: DemoPost,
    realisation: DemoRealisation,
  ): Promise<void> {
    for (const [index, item] of realisation.evidence.entries()) {
      const key = `${proposalKey}/evidence-${index}`;
      const recorded = await this.run(
        proposer,
        key,
        (context) =>
          new RecordBenefitEvidenceCommand(
            id,
            item.benefit,
            { period: item.period, amount: pounds(item.amount), evidence: item.evidence },
            context,
          ),
      );
      const decision = item.decision;
      if (!decision) continue;
      await this.run(
        'financeOfficer',
        `${key}/${decision.outcome}`,
        (context) =>
          new ValidateBenefitEvidenceCommand(
            id,
            item.benefit,
            recorded.id,
            { outcome: decision.outcome, note: decision.note },
            context,
          ),
      );
    }
  }

  private step(
    proposal: DemoProposal,
    id: string,
    version: number,
    fields: DemoFields,
    proposer: DemoPost,
    key: string,
    step: Step,
  ): Promise<WriteResult> {
    switch (step.do) {
      case 'submit':
        return this.run(proposer, key, (context) => new SubmitProposalCommand(id, context));
      case 'review': {
        const by = step.by ?? this.random.pick(REVIEWERS[step.kind]);
        const [low, high] = SCORE_RANGE[proposal.tone];
        const scores = {
          strategicFit: this.random.integer(low, high),
          valueForMoney: this.random.integer(low, high),
          deliverability: this.random.integer(low, high),
          riskReduction: this.random.integer(low, high),
          serviceImpact: this.random.integer(low, high),
        };
        const recommendation = this.random.pick(RECOMMENDATIONS[proposal.tone]);
        return this.run(
          by,
          key,
          (context) =>
            new RecordReviewCommand(
              id,
              {
                kind: step.kind,
                scores,
                recommendation,
                comments: COMMENTS[step.kind][recommendation],
              },
              context,
            ),
        );
      }
      case 'conflict':
        return this.run(
          step.by,
          key,
          (context) => new DeclareConflictOfInterestCommand(id, step.statement, context),
        );
      case 'return':
        return this.run(
          'boardChair',
          key,
          (context) => new ReturnProposalCommand(id, step.reason, context, version),
        );
      case 'amend':
        return this.run(
          proposer,
          key,
          (context) =>
            new AmendProposalCommand(
              id,
              {
                ...moneyChanges(step.changes),
                ...(step.summary === undefined ? {} : { summary: step.summary }),
              },
              context,
              version,
            ),
        );
      case 'withdraw':
        return this.run(
          proposer,
          key,
          (context) => new WithdrawProposalCommand(id, step.reason, context, version),
        );
      case 'approve':
      case 'reject':
      case 'defer':
        return this.decide(proposal, id, version, fields, key, step);
      case 'benefits':
        return this.run(
          'financeOfficer',
          key,
          (context) =>
            new RecordBenefitsCommand(
              id,
              {
                period: step.period,
                cashableSaving: pounds(Math.round(fields.cashable * step.share)),
                nonCashableBenefit: pounds(Math.round(fields.nonCashable * step.share)),
                note: step.note,
              },
              context,
            ),
        );
    }
  }

  /** A decision under the lowest tier whose limit covers the whole-life cost, as a board would take it. */
  private decide(
    proposal: DemoProposal,
    id: string,
    version: number,
    fields: DemoFields,
    key: string,
    step: Extract<Step, { do: 'approve' | 'reject' | 'defer' }>,
  ): Promise<WriteResult> {
    const cost = wholeLifeCost({
      capitalCost: Money.parse(pounds(fields.capital)),
      annualRevenueCost: Money.parse(pounds(fields.revenue)),
      appraisalYears: fields.years,
    });
    const tier = lowestSufficientTier(this.policy, cost);
    if (!tier) throw new Error(`No tier of the demo policy covers ${proposal.key}`);
    const by = ('by' in step ? step.by : undefined) ?? DECIDER_OF_TIER[tier.authority];
    const common = {
      authority: tier.authority,
      reason: step.reason,
      meetingRef: this.meetingRef(tier.authority, proposal.fiscalYear),
    };
    const decision =
      step.do === 'approve'
        ? {
            ...common,
            outcome: 'approved' as const,
            approvedAmount: pounds(fields.capital),
            ...(step.conditions ? { conditions: [...step.conditions] } : {}),
          }
        : step.do === 'reject'
          ? { ...common, outcome: 'rejected' as const }
          : {
              ...common,
              outcome: 'deferred' as const,
              deferredUntil: isoDate(this.clock().getTime() + step.days * 86_400_000),
            };
    return this.run(
      by,
      key,
      (context) => new DecideProposalCommand(id, decision, context, version),
    );
  }

  private meetingRef(authority: string, fiscalYear: string): string {
    const held = (this.meetings.get(authority) ?? 0) + 1;
    this.meetings.set(authority, held);
    const number = String(held).padStart(2, '0');
    if (authority === 'chief-officer') return `CO-DN-${fiscalYear}-${number}`;
    if (authority === 'cabinet') return `CAB-${fiscalYear}-${number}`;
    return `IB-${fiscalYear}-${number}`;
  }

  private run(
    who: DemoPost,
    key: string,
    command: (context: RequestContext) => Parameters<CommandBus['execute']>[0],
  ): Promise<WriteResult> {
    // The log records who acted and in which roles; the sign-in page's description is not theirs to keep.
    const { id, name, roles, authorities } = DEMO_COUNCIL[who];
    const actor: Actor = { id, name, roles, authorities };
    const keyed = { actor, idempotencyKey: `demo/${key}`, now: this.clock().toISOString() };
    // The request id derives from the key as the event ids do, so every run records the same one.
    const context: RequestContext = {
      ...keyed,
      correlationId: idFor({ ...keyed, correlationId: '' }, 'correlation'),
    };
    return this.commands.execute(command(context)) as Promise<WriteResult>;
  }
}

function pounds(amount: number): string {
  return `${amount}.00`;
}

function benefitPlanOf(realisation: DemoRealisation) {
  return realisation.plan.map((benefit) => ({
    key: benefit.key,
    description: benefit.description,
    type: benefit.type,
    owner: benefit.owner,
    measure: benefit.measure,
    forecast: Object.entries(benefit.forecast).map(([fiscalYear, amount]) => ({
      fiscalYear,
      amount: pounds(amount),
    })),
  }));
}

function isoDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

function moneyChanges(changes: Partial<DemoFields>) {
  return {
    ...(changes.capital === undefined ? {} : { capitalCost: pounds(changes.capital) }),
    ...(changes.revenue === undefined ? {} : { annualRevenueCost: pounds(changes.revenue) }),
    ...(changes.cashable === undefined ? {} : { annualCashableSaving: pounds(changes.cashable) }),
    ...(changes.nonCashable === undefined
      ? {}
      : { annualNonCashableBenefit: pounds(changes.nonCashable) }),
    ...(changes.years === undefined ? {} : { appraisalYears: changes.years }),
  };
}
