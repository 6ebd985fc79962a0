import { InvalidField } from '../domain.errors';
import { toEpochMs } from '../iso-date';
import { Money } from '../money';
import { MAX_CRITERION_WEIGHT } from '../policy/policy.decider';
import { CRITERIA, Criterion } from '../proposal/proposal.events';
import { fiscalYearField, moneyField, requireText } from '../validation';
import { ForcedProposal, ScenarioDefinition } from './scenario.commands';
import {
  AsOfInFuture,
  ForcedExceedsBudget,
  ForcedInAndOut,
  ForcedTwice,
  NotACandidate,
} from './scenario.errors';

export interface ValidScenarioDefinition {
  readonly fiscalYear: string;
  readonly name: string;
  readonly budget: Money;
  readonly weights: Partial<Record<Criterion, number>>;
  readonly forceIn: readonly ForcedProposal[];
  readonly forceOut: readonly ForcedProposal[];
  readonly asOf: string | null;
}

/** A submitted proposal as a selection sees it: its capital, its score under the weights, statutory. */
export interface SelectionCandidate {
  readonly id: string;
  readonly capitalPence: bigint;
  readonly weightedScore: number | null;
  readonly statutory: boolean;
}

/**
 * Checks a scenario's definition on its own (before anything is read from the log): the forced
 * lists, the weights and that `asOf` is not after `now`.
 */
export function validScenarioDefinition(
  definition: ScenarioDefinition,
  now: string,
): ValidScenarioDefinition {
  const fiscalYear = fiscalYearField(definition.fiscalYear, 'fiscalYear').toString();
  const name = requireText(definition.name, 'name').trim();
  const budget = moneyField(definition.budget, 'budget');
  const forceIn = forcedList(definition.forceIn, 'forceIn');
  const forceOut = forcedList(definition.forceOut, 'forceOut');
  const outIds = new Set(forceOut.map((forced) => forced.proposalId));
  const both = forceIn.map((forced) => forced.proposalId).filter((id) => outIds.has(id));
  if (both.length > 0) throw new ForcedInAndOut(both);
  let asOf: string | null = null;
  if (definition.asOf !== undefined) {
    const at = toEpochMs(requireText(definition.asOf, 'asOf'));
    if (at === null) throw new InvalidField('asOf', 'asOf must be an ISO 8601 instant.');
    if (at > (toEpochMs(now) ?? Number.NaN)) throw new AsOfInFuture(definition.asOf, now);
    asOf = new Date(at).toISOString();
  }
  return {
    fiscalYear,
    name,
    budget,
    weights: partialWeights(definition.weights),
    forceIn,
    forceOut,
    asOf,
  };
}

function forcedList(value: readonly ForcedProposal[] | undefined, field: string): ForcedProposal[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new InvalidField(field, `${field} must be a list.`);
  const seen = new Set<string>();
  return value.map((forced: ForcedProposal, index) => {
    const proposalId = requireText(forced?.proposalId, `${field}[${index}].proposalId`);
    const reason = requireText(forced?.reason, `${field}[${index}].reason`);
    if (seen.has(proposalId)) throw new ForcedTwice(field, proposalId);
    seen.add(proposalId);
    return { proposalId, reason };
  });
}

/** Some criteria with weights of their own, checked: known criteria, numbers of zero or more. */
export function partialWeights(value: unknown): Partial<Record<Criterion, number>> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidField('weights', `weights must name some of ${CRITERIA.join(', ')}.`);
  }
  const weights = value as Readonly<Record<string, unknown>>;
  const result: Partial<Record<Criterion, number>> = {};
  for (const key of Object.keys(weights)) {
    if (!(CRITERIA as readonly string[]).includes(key)) {
      throw new InvalidField(
        `weights.${key}`,
        `"${key}" is not a criterion; the criteria are ${CRITERIA.join(', ')}.`,
      );
    }
    const weight = weights[key];
    if (
      typeof weight !== 'number' ||
      !Number.isFinite(weight) ||
      weight < 0 ||
      weight > MAX_CRITERION_WEIGHT
    ) {
      throw new InvalidField(
        `weights.${key}`,
        `The weight of ${key} must be a number from 0 to ${MAX_CRITERION_WEIGHT}.`,
      );
    }
    result[key as Criterion] = weight;
  }
  return result;
}

/** The policy's weights with the scenario's own in their place; at least one must carry weight. */
export function effectiveWeights(
  policyWeights: Readonly<Record<Criterion, number>>,
  overrides: Partial<Record<Criterion, number>>,
): Record<Criterion, number> {
  const merged = { ...policyWeights };
  for (const criterion of CRITERIA) {
    const weight = overrides[criterion];
    if (weight !== undefined) merged[criterion] = weight;
  }
  if (CRITERIA.every((criterion) => merged[criterion] === 0)) {
    throw new InvalidField('weights', 'At least one criterion must carry some weight.');
  }
  return merged;
}

/**
 * The candidates a scenario's solver sees: forced-out proposals removed, forced-in ones chosen
 * first like statutory ones (a statutory proposal forced out is out). Refuses a forced proposal that
 * is not a candidate, and first choices whose capital exceeds the budget.
 */
export function scenarioCandidates(
  definition: Pick<ValidScenarioDefinition, 'fiscalYear' | 'budget' | 'forceIn' | 'forceOut'>,
  candidates: readonly SelectionCandidate[],
): SelectionCandidate[] {
  const known = new Set(candidates.map((candidate) => candidate.id));
  for (const field of ['forceIn', 'forceOut'] as const) {
    const unknown = definition[field]
      .map((forced) => forced.proposalId)
      .filter((id) => !known.has(id));
    if (unknown.length > 0) throw new NotACandidate(field, unknown, definition.fiscalYear);
  }
  const forcedIn = new Set(definition.forceIn.map((forced) => forced.proposalId));
  const forcedOut = new Set(definition.forceOut.map((forced) => forced.proposalId));
  const result = candidates
    .filter((candidate) => !forcedOut.has(candidate.id))
    .map((candidate) => ({
      ...candidate,
      statutory: candidate.statutory || forcedIn.has(candidate.id),
    }));
  const first = result.reduce(
    (sum, candidate) => (candidate.statutory ? sum + candidate.capitalPence : sum),
    0n,
  );
  if (first > definition.budget.pence) {
    throw new ForcedExceedsBudget(Money.fromPence(first).toString(), definition.budget.toString());
  }
  return result;
}
