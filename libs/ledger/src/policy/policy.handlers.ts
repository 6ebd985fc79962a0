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
  decidePolicy,
  evolvePolicy,
  initialPolicyState,
  policyInForce,
  policyStream,
  type AdoptPolicy,
  type PolicyEvent,
  type PolicyInForce,
  type PolicyState,
} from '@ledger/domain';
import { EVENT_STORE, type EventStore, type ReadStreamOptions } from '@ledger/event-store';
import { loadStream, metadataOf, toNewEvents, type Fold } from '../event-streams';
import type { RequestContext, WriteResult } from '../request-context';
import { StaleVersion } from '../ledger.errors';
import { answerRetries, retriedWrite } from '../write-retries';

export const policyFold: Fold<PolicyState, PolicyEvent> = {
  initial: initialPolicyState,
  evolve: evolvePolicy,
};

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
    readonly ifMatch?: number,
  ) {
    super();
  }
}

@CommandHandler(AdoptPolicyCommand)
export class AdoptPolicyHandler implements ICommandHandler<AdoptPolicyCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ policy, context, ifMatch }: AdoptPolicyCommand): Promise<WriteResult> {
    return answerRetries(this.store, policyStream(), 'policy', context, () =>
      this.adopt(policy, context, ifMatch),
    );
  }

  private async adopt(
    policy: AdoptPolicy['data'],
    context: RequestContext,
    ifMatch: number | undefined,
  ): Promise<WriteResult> {
    const streamId = policyStream();
    const current = await loadStream(this.store, streamId, policyFold);
    const retried = retriedWrite(current.events, context, streamId, 'policy');
    if (retried) return retried;
    if (ifMatch !== undefined && ifMatch !== current.version) {
      throw new StaleVersion('The policy', ifMatch, current.version);
    }
    const events = decidePolicy(
      { type: 'AdoptPolicy', data: policy, metadata: metadataOf(context) },
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
      id: 'policy',
      version: result.streams[0].version,
      position: result.lastPosition,
      duplicate: result.duplicate,
    };
  }
}

export interface PolicyView {
  readonly version: number;
  /** The policy stream's version: how many policies were adopted; what If-Match compares. */
  readonly revision: number;
  readonly adoptedAt: string | null;
  readonly delegation: readonly { authority: string; upTo: string | null }[];
  readonly requiredReviewKinds: readonly string[];
  readonly criteriaWeights: Readonly<Record<string, number>>;
  readonly discountRate: string;
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
    };
  }
}
