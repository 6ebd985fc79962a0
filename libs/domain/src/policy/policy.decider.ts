import { requireRole } from '../actor';
import { parseDiscountRate } from '../appraisal/discount-rate';
import { assertNever, InvalidField } from '../domain.errors';
import { Money } from '../money';
import { CRITERIA, Criterion, REVIEW_KINDS, ReviewKind } from '../proposal/proposal.events';
import { moneyField, requireInteger, requireOneOf, requireText } from '../validation';
import { AdoptPolicy, PolicyCommand } from './policy.commands';
import { POLICY_EVENTS, PolicyAdopted, PolicyEvent } from './policy.events';

export const DEFAULT_DISCOUNT_RATE = '0.035';

export interface DelegationTier {
  readonly authority: string;
  /** null: no limit. */
  readonly upTo: Money | null;
}

export interface Policy {
  readonly delegation: readonly DelegationTier[];
  readonly requiredReviewKinds: readonly ReviewKind[];
  readonly criteriaWeights: Readonly<Record<Criterion, number>>;
  readonly discountRate: string;
  /** Whole-life cost above which a proposal goes through SOC, OBC and FBC; null: off. */
  readonly fullBusinessCaseAbove?: Money | null;
  /** Whole-life cost at or above which deciding is a key decision; null: no key decisions. */
  readonly keyDecisionThreshold: Money | null;
  /** Split-spend checks relate drafts within this many days; null: the checks are off. */
  readonly splitSpendWindowDays: number | null;
  /** Whether an approval's first-year revenue cost must fit the remaining revenue envelope; false when absent. */
  readonly enforceRevenueEnvelope?: boolean;
}

/** The policy a decision is taken under, with the log position that identifies it. */
export interface PolicyInForce extends Policy {
  /** Global log position of its PolicyAdopted event; 0 for the built-in default. */
  readonly version: number;
  readonly adoptedAt: string | null;
}

export type PolicyState =
  | { readonly status: 'initial'; readonly version: 0 }
  | {
      readonly status: 'adopted';
      readonly version: number;
      readonly policy: Policy;
      readonly adoptedAt: string;
    };

/** HM Treasury Green Book rate and a common council scheme of delegation. */
export function defaultPolicy(): PolicyInForce {
  return {
    version: 0,
    adoptedAt: null,
    delegation: [
      { authority: 'chief-officer', upTo: Money.parse('100000.00') },
      { authority: 'investment-board', upTo: Money.parse('1000000.00') },
      { authority: 'cabinet', upTo: null },
    ],
    requiredReviewKinds: ['financial', 'technical'],
    criteriaWeights: {
      strategicFit: 1,
      valueForMoney: 1,
      deliverability: 1,
      riskReduction: 1,
      serviceImpact: 1,
    },
    discountRate: DEFAULT_DISCOUNT_RATE,
    fullBusinessCaseAbove: null,
    keyDecisionThreshold: null,
    splitSpendWindowDays: null,
    enforceRevenueEnvelope: false,
  };
}

export function initialPolicyState(): PolicyState {
  return { status: 'initial', version: 0 };
}

/**
 * The handler supplies `position`, the global log position of the last PolicyAdopted event,
 * because the stream's own version cannot identify the policy across the whole log.
 */
export function policyInForce(state: PolicyState, position: number): PolicyInForce {
  if (state.status === 'initial') return defaultPolicy();
  return { ...state.policy, version: position, adoptedAt: state.adoptedAt };
}

export function findTier(policy: Policy, authority: string): DelegationTier | undefined {
  return policy.delegation.find((tier) => tier.authority === authority);
}

export function decidePolicy(command: PolicyCommand, _state: PolicyState): PolicyEvent[] {
  switch (command.type) {
    case 'AdoptPolicy':
      return [adopt(command)];
    default:
      return assertNever(command.type);
  }
}

function adopt(command: AdoptPolicy): PolicyAdopted {
  requireRole(command.metadata.actor, 'adopt a governance policy', 'admin');
  const { delegation, requiredReviewKinds, criteriaWeights } = command.data;
  if (!Array.isArray(delegation) || delegation.length === 0) {
    throw new InvalidField(
      'delegation',
      'The policy needs at least one delegation tier, or nobody could decide.',
    );
  }
  const tiers = delegation.map((tier, index) => ({
    authority: requireText(tier?.authority, `delegation[${index}].authority`).trim(),
    upTo:
      tier?.upTo === null ? null : moneyField(tier?.upTo, `delegation[${index}].upTo`).toString(),
  }));
  const names = tiers.map((tier) => tier.authority);
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined) {
    throw new InvalidField(
      'delegation',
      `The delegation tier "${repeated}" is listed more than once.`,
    );
  }
  if (!Array.isArray(requiredReviewKinds)) {
    throw new InvalidField(
      'requiredReviewKinds',
      'requiredReviewKinds must be a list of review kinds.',
    );
  }
  const kinds = requiredReviewKinds.map((kind, index) =>
    requireOneOf(kind, REVIEW_KINDS, `requiredReviewKinds[${index}]`),
  );
  if (new Set(kinds).size !== kinds.length) {
    throw new InvalidField('requiredReviewKinds', 'A review kind is listed more than once.');
  }
  return {
    type: 'PolicyAdopted',
    data: {
      delegation: tiers,
      requiredReviewKinds: kinds,
      criteriaWeights: validWeights(criteriaWeights),
      discountRate: parseDiscountRate(command.data.discountRate ?? DEFAULT_DISCOUNT_RATE).text,
      adoptedAt: command.metadata.now,
      ...optionalThreshold('fullBusinessCaseAbove', command.data.fullBusinessCaseAbove),
      ...optionalSwitches(command.data),
      ...(command.data.enforceRevenueEnvelope === undefined
        ? {}
        : { enforceRevenueEnvelope: requireBoolean(command.data.enforceRevenueEnvelope) }),
    },
  };
}

// Written only when given, so a policy adopted without them records what v1 recorded.
function optionalSwitches({
  keyDecisionThreshold,
  splitSpendWindowDays,
}: AdoptPolicy['data']): Pick<
  PolicyAdopted['data'],
  'keyDecisionThreshold' | 'splitSpendWindowDays'
> {
  return {
    ...(keyDecisionThreshold === undefined
      ? {}
      : {
          keyDecisionThreshold:
            keyDecisionThreshold === null
              ? null
              : moneyField(keyDecisionThreshold, 'keyDecisionThreshold').toString(),
        }),
    ...(splitSpendWindowDays === undefined
      ? {}
      : {
          splitSpendWindowDays:
            splitSpendWindowDays === null
              ? null
              : requireInteger(splitSpendWindowDays, 1, 730, 'splitSpendWindowDays'),
        }),
  };
}

function requireBoolean(value: unknown): boolean {
  if (typeof value !== 'boolean')
    throw new InvalidField(
      'enforceRevenueEnvelope',
      'enforceRevenueEnvelope must be true or false.',
    );
  return value;
}

/**
 * Weights are relative importances. The bound keeps every weighted sum finite: a weight of 1e308
 * made the sum of weights Infinity and a scenario's selection fail (found by the HTTP fuzzer).
 */
export const MAX_CRITERION_WEIGHT = 1000;

function validWeights(weights: Readonly<Record<string, number>>): Record<Criterion, number> {
  if (typeof weights !== 'object' || weights === null) {
    throw new InvalidField(
      'criteriaWeights',
      `criteriaWeights must give a weight for each of ${CRITERIA.join(', ')}.`,
    );
  }
  const unknown = Object.keys(weights).find(
    (key) => !(CRITERIA as readonly string[]).includes(key),
  );
  if (unknown !== undefined) {
    throw new InvalidField(
      `criteriaWeights.${unknown}`,
      `"${unknown}" is not a criterion; the criteria are ${CRITERIA.join(', ')}.`,
    );
  }
  const result = {} as Record<Criterion, number>;
  for (const criterion of CRITERIA) {
    // Own properties only: a weight inherited from a prototype is not one the adopter gave.
    const weight = Object.hasOwn(weights, criterion) ? weights[criterion] : undefined;
    if (
      typeof weight !== 'number' ||
      !Number.isFinite(weight) ||
      weight < 0 ||
      weight > MAX_CRITERION_WEIGHT
    ) {
      throw new InvalidField(
        `criteriaWeights.${criterion}`,
        `The weight of ${criterion} must be a number from 0 to ${MAX_CRITERION_WEIGHT}.`,
      );
    }
    result[criterion] = weight;
  }
  if (CRITERIA.every((criterion) => result[criterion] === 0)) {
    throw new InvalidField('criteriaWeights', 'At least one criterion must carry some weight.');
  }
  return result;
}

/** Written only when given, so a policy adopted without it records what v1 recorded. */
function optionalThreshold<K extends string>(
  field: K,
  value: string | null | undefined,
): Partial<Record<K, string | null>> {
  if (value === undefined) return {};
  return { [field]: value === null ? null : moneyField(value, field).toString() } as Record<
    K,
    string | null
  >;
}

export function evolvePolicy(state: PolicyState, event: PolicyEvent): PolicyState {
  switch (event.type) {
    case 'PolicyAdopted': {
      const {
        adoptedAt,
        delegation,
        fullBusinessCaseAbove,
        keyDecisionThreshold,
        splitSpendWindowDays,
        enforceRevenueEnvelope,
        ...rest
      } = event.data;
      return {
        status: 'adopted',
        version: state.version + 1,
        adoptedAt,
        policy: {
          ...rest,
          splitSpendWindowDays: splitSpendWindowDays ?? null,
          enforceRevenueEnvelope: enforceRevenueEnvelope ?? false,
          delegation: delegation.map((tier) => ({
            authority: tier.authority,
            upTo: tier.upTo === null ? null : Money.parse(tier.upTo),
          })),
          fullBusinessCaseAbove: fullBusinessCaseAbove ? Money.parse(fullBusinessCaseAbove) : null,
          keyDecisionThreshold:
            keyDecisionThreshold == null ? null : Money.parse(keyDecisionThreshold),
        },
      };
    }
    default:
      return assertNever(event.type);
  }
}

export const policyDecider = {
  decide: decidePolicy,
  evolve: evolvePolicy,
  initialState: initialPolicyState,
  events: POLICY_EVENTS,
};
