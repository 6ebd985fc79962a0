import {
  relationFactsOf,
  splitSpendOf,
  type Policy,
  type Proposal,
  type RelationFacts,
  type SplitSpend,
} from '@ledger/domain';
import type { EventStore, ReadStreamOptions } from '@ledger/event-store';
import { relationCandidates, relationFactsAt, type ReadModelDatabase } from '@ledger/read-models';

/**
 * The proposals that may be related to one, for the split-spend rule; undefined while the policy
 * leaves the checks off. Read from the relation table caught up to the log's head (see
 * `relationCandidates`); a process without the read side folds them from the whole log instead.
 */
export async function relatedProposalsFor(
  store: EventStore,
  readModels: ReadModelDatabase | undefined,
  proposal: Proposal,
  policy: Pick<Policy, 'splitSpendWindowDays'>,
): Promise<RelationFacts[] | undefined> {
  if (policy.splitSpendWindowDays === null) return undefined;
  if (!readModels) return relationFactsAt(store, {});
  return relationCandidates(
    readModels,
    store,
    {
      proposalId: proposal.id,
      programme: proposal.programme,
      department: proposal.department,
      category: proposal.category,
      draftedAt: proposal.draftedAt,
    },
    policy.splitSpendWindowDays,
  );
}

/**
 * The split-spend window of the policy the last decision on each store read: a decision starts
 * reading the related proposals on that guess side by side with the policy, since policies change
 * rarely.
 */
const windowGuess = new WeakMap<EventStore, number | null>();

/**
 * Starts reading a decision's related proposals before the policy in force is known, on the window
 * of the policy the last decision read; the answer, given the policy, is that read when its window
 * is at least the policy's (a wider window reads a superset of the candidates, and the domain's rule
 * applies the policy's own), else a read on the policy's window. undefined while the checks are off.
 * Only on PostgreSQL, where the reads side by side save a round trip.
 */
export function relatedProposalsAhead(
  store: EventStore,
  readModels: ReadModelDatabase | undefined,
  proposal: Proposal,
): (policy: Policy) => Promise<RelationFacts[] | undefined> {
  // On SQLite reads are calls in this process, with no round trip to save: read once, on the policy.
  const guess = readModels?.dialect === 'postgres' ? (windowGuess.get(store) ?? null) : null;
  const early =
    guess === null
      ? null
      : relatedProposalsFor(store, readModels, proposal, { splitSpendWindowDays: guess });
  // Not awaited when the guess turns out wrong or the decision fails first.
  early?.catch(() => undefined);
  return (policy) => {
    windowGuess.set(store, policy.splitSpendWindowDays);
    if (policy.splitSpendWindowDays === null) return Promise.resolve(undefined);
    if (early !== null && guess !== null && guess >= policy.splitSpendWindowDays) return early;
    return relatedProposalsFor(store, readModels, proposal, policy);
  };
}

/** A proposal's related proposals now, or as the log stood at the point a past read names. */
export async function splitSpendAt(
  store: EventStore,
  readModels: ReadModelDatabase | undefined,
  proposal: Proposal,
  policy: Policy,
  bound: ReadStreamOptions = {},
): Promise<SplitSpend | null> {
  if (policy.splitSpendWindowDays === null) return null;
  const past = bound.asOf !== undefined || bound.toPosition !== undefined;
  const candidates = past
    ? await relationFactsAt(store, bound)
    : await relatedProposalsFor(store, readModels, proposal, policy);
  return splitSpendOf(relationFactsOf(proposal), candidates ?? [], policy);
}
