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
  policy: Policy,
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
