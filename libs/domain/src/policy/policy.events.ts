import { DomainEvent } from '../actor';
import { Criterion, ReviewKind } from '../proposal/proposal.events';

export const POLICY_STREAM = 'policy';

export function policyStream(): string {
  return POLICY_STREAM;
}

/** An admin adopted new governance rules; every later decision is taken under them. */
export type PolicyAdopted = DomainEvent<
  'PolicyAdopted',
  {
    readonly delegation: readonly { readonly authority: string; readonly upTo: string | null }[];
    readonly requiredReviewKinds: readonly ReviewKind[];
    readonly criteriaWeights: Readonly<Record<Criterion, number>>;
    /** A decimal string, "0.035"; never a float. */
    readonly discountRate: string;
    readonly adoptedAt: string;
  }
>;

export type PolicyEvent = PolicyAdopted;
export type PolicyEventType = PolicyEvent['type'];
export const POLICY_EVENT_TYPES: readonly PolicyEventType[] = ['PolicyAdopted'];
