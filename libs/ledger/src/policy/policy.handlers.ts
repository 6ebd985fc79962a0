import { Inject } from '@nestjs/common';
import { Command, Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  policyDecider,
  policyInForce,
  policyStream,
  type AdoptPolicy,
  type PolicyCommand,
  type PolicyEvent,
  type PolicyInForce,
  type PolicyState,
} from '@ledger/domain';
import { EVENT_STORE, type EventStore, type ReadStreamOptions } from '@ledger/event-store';
import {
  deciderCommandHandler,
  type CommandWrite,
} from '../command-handling/decider-command.handler';
import { loadStream, type Fold } from '../event-streams';
import type { RequestContext, WriteResult } from '../request-context';

export const policyFold: Fold<PolicyState, PolicyEvent> = policyDecider;

/** The policy in force now, or at a point in the log; its version is its PolicyAdopted's position. */
export async function loadPolicyInForce(
  store: EventStore,
  options: ReadStreamOptions = {},
): Promise<PolicyInForce> {
  const policy = await loadStream(store, policyStream(), policyFold, options);
  return policyInForce(policy.state, policy.position);
}

export class AdoptPolicyCommand extends Command<WriteResult> {
  constructor(
    readonly policy: AdoptPolicy['data'],
    readonly context: RequestContext,
    /** The policy stream's version the admin last saw (If-Match), so one adoption never silently replaces another. */
    readonly ifMatch?: number,
  ) {
    super();
  }
}

export const AdoptPolicyHandler = deciderCommandHandler(
  AdoptPolicyCommand,
  ({ policy, context, ifMatch }): CommandWrite<PolicyCommand, PolicyEvent, PolicyState> => ({
    decider: policyDecider,
    streamId: policyStream(),
    id: policyStream(),
    context,
    ifMatch,
    resource: 'The policy',
    command: (metadata) => ({ type: 'AdoptPolicy', data: policy, metadata }),
  }),
);

export interface PolicyView {
  /** The log position of the PolicyAdopted in force, as decision snapshots name it; 0 for the default. */
  readonly version: number;
  /** How many policies have been adopted (the policy stream's version): what PUT /policy answers and If-Match names. */
  readonly revision: number;
  readonly adoptedAt: string | null;
  readonly delegation: readonly { authority: string; upTo: string | null }[];
  readonly requiredReviewKinds: readonly string[];
  readonly criteriaWeights: Readonly<Record<string, number>>;
  readonly discountRate: string;
  readonly fullBusinessCaseAbove: string | null;
  readonly keyDecisionThreshold: string | null;
  readonly splitSpendWindowDays: number | null;
  readonly enforceRevenueEnvelope: boolean;
}

export class GetPolicyQuery extends Query<PolicyView> {}

@QueryHandler(GetPolicyQuery)
export class GetPolicyHandler implements IQueryHandler<GetPolicyQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(): Promise<PolicyView> {
    const stream = await loadStream(this.store, policyStream(), policyFold);
    const policy = policyInForce(stream.state, stream.position);
    return {
      version: policy.version,
      revision: stream.version,
      adoptedAt: policy.adoptedAt,
      delegation: policy.delegation.map((tier) => ({
        authority: tier.authority,
        upTo: tier.upTo?.toString() ?? null,
      })),
      requiredReviewKinds: [...policy.requiredReviewKinds],
      criteriaWeights: { ...policy.criteriaWeights },
      discountRate: policy.discountRate,
      fullBusinessCaseAbove: policy.fullBusinessCaseAbove?.toString() ?? null,
      keyDecisionThreshold: policy.keyDecisionThreshold?.toString() ?? null,
      splitSpendWindowDays: policy.splitSpendWindowDays,
      enforceRevenueEnvelope: policy.enforceRevenueEnvelope === true,
    };
  }
}
