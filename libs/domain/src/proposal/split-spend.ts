import { wholeLifeCost } from '../appraisal/appraisal';
import { InvalidField } from '../domain.errors';
import { parseIsoInstant } from '../iso-date';
import { Money } from '../money';
import { Policy } from '../policy/policy.decider';
import { requireText } from '../validation';
import { SplitSpendUnexplained } from './proposal.errors';
import { DecisionSnapshot } from './proposal.events';
import { Proposal } from './proposal.state';
import { RelationFacts } from './relation-facts';

/** Related proposals of one, and whether together they cross a threshold it does not cross alone. */
export interface SplitSpend {
  /** Ids of the related proposals, oldest draft first; never the proposal itself. */
  readonly related: readonly string[];
  /** This proposal's whole-life cost plus every related one's. */
  readonly combinedWholeLifeCost: Money;
  /** The lowest delegation tier whose limit the combined cost exceeds and this one's own does not. */
  readonly crossesTier: string | null;
  /** The combined cost reaches the key-decision threshold and this one's own does not. */
  readonly crossesKeyDecision: boolean;
}

export type SplitSpendRecord = NonNullable<DecisionSnapshot['splitSpend']>;

/** Withdrawn and rejected proposals will never be spent, so they split nothing. */
const NOT_COUNTED: readonly string[] = ['withdrawn', 'rejected'];

const DAY_MS = 86_400_000;

/** A draft field: trimmed, 1-200 characters; null clears it. */
export function programmeField(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || value.trim() === '' || value.trim().length > 200) {
    throw new InvalidField('programme', 'programme must be a name of 1 to 200 characters.');
  }
  return value.trim();
}

/** The rule's view of a proposal as the decider folded it. */
export function relationFactsOf(proposal: Proposal): RelationFacts {
  return {
    proposalId: proposal.id,
    programme: proposal.programme,
    department: proposal.department,
    category: proposal.category,
    draftedAt: proposal.draftedAt,
    wholeLifeCost: wholeLifeCost(proposal),
    status: proposal.status,
  };
}

/**
 * The Europe/London calendar date of an instant, as a day number (days since 1970-01-01): drafts are
 * counted in the dates the council works in. British Summer Time runs from 01:00 UTC on the last
 * Sunday of March to 01:00 UTC on the last Sunday of October.
 */
export function londonDayNumber(instant: string): number {
  const ms = parseIsoInstant(instant);
  if (ms === null) throw new InvalidField('draftedAt', `${instant} is not an ISO 8601 instant.`);
  const year = new Date(ms).getUTCFullYear();
  const summer = ms >= lastSundayOneAm(year, 2) && ms < lastSundayOneAm(year, 9);
  return Math.floor((ms + (summer ? 3_600_000 : 0)) / DAY_MS);
}

function lastSundayOneAm(year: number, month: number): number {
  const lastDay = Date.UTC(year, month + 1, 0);
  return lastDay - new Date(lastDay).getUTCDay() * DAY_MS + 3_600_000;
}

/** Drafted on London dates at most `windowDays` apart: day N is within a window of N, day N + 1 is not. */
export function draftedWithin(a: string, b: string, windowDays: number): boolean {
  return Math.abs(londonDayNumber(a) - londonDayNumber(b)) <= windowDays;
}

/**
 * Related: another proposal, neither withdrawn nor rejected, that shares this one's programme, or
 * has its department and category and was drafted within the window.
 */
export function isRelated(
  subject: RelationFacts,
  other: RelationFacts,
  windowDays: number,
): boolean {
  const days = {
    subject: londonDayNumber(subject.draftedAt),
    other: londonDayNumber(other.draftedAt),
  };
  return relatedOn(subject, other, days, windowDays);
}

/** The rule itself, given the London day of each draft. */
function relatedOn(
  subject: RelationFacts,
  other: RelationFacts,
  days: { readonly subject: number; readonly other: number },
  windowDays: number,
): boolean {
  if (other.proposalId === subject.proposalId || NOT_COUNTED.includes(other.status)) return false;
  if (subject.programme !== null && subject.programme === other.programme) return true;
  return (
    other.department === subject.department &&
    other.category === subject.category &&
    Math.abs(days.subject - days.other) <= windowDays
  );
}

/** Null while the policy's split-spend checks are off. `candidates` may hold unrelated proposals. */
export function splitSpendOf(
  subject: RelationFacts,
  candidates: readonly RelationFacts[],
  policy: Policy,
): SplitSpend | null {
  if (policy.splitSpendWindowDays === null) return null;
  const windowDays = policy.splitSpendWindowDays;
  const unique = new Map(candidates.map((candidate) => [candidate.proposalId, candidate]));
  // Each draft's London day is worked out once: the sort would otherwise parse it per comparison.
  const subjectDay = londonDayNumber(subject.draftedAt);
  const related = [...unique.values()]
    .map((candidate) => ({ candidate, day: londonDayNumber(candidate.draftedAt) }))
    .filter(({ candidate, day }) =>
      relatedOn(subject, candidate, { subject: subjectDay, other: day }, windowDays),
    )
    .sort(
      (a, b) =>
        a.day - b.day ||
        a.candidate.draftedAt.localeCompare(b.candidate.draftedAt) ||
        a.candidate.proposalId.localeCompare(b.candidate.proposalId),
    )
    .map(({ candidate }) => candidate);
  const combined = related.reduce(
    (sum, other) => sum.add(other.wholeLifeCost),
    subject.wholeLifeCost,
  );
  const threshold = policy.keyDecisionThreshold;
  return {
    related: related.map((other) => other.proposalId),
    combinedWholeLifeCost: combined,
    crossesTier: crossesTierOf(policy, subject.wholeLifeCost, combined),
    crossesKeyDecision:
      threshold !== null &&
      subject.wholeLifeCost.isLessThan(threshold) &&
      !combined.isLessThan(threshold),
  };
}

/** Exactly at a tier's limit is within it, as the tier check itself reads it. */
export function crossesTierOf(policy: Policy, own: Money, combined: Money): string | null {
  const crossed = policy.delegation.filter(
    (tier) =>
      tier.upTo !== null && combined.isGreaterThan(tier.upTo) && !own.isGreaterThan(tier.upTo),
  );
  if (crossed.length === 0) return null;
  return crossed.reduce((lowest, tier) => (tier.upTo!.isLessThan(lowest.upTo!) ? tier : lowest))
    .authority;
}

/** Whether an approval needs a `splitSpendReason`. */
export function needsSplitSpendReason(split: SplitSpend | null): boolean {
  return split !== null && (split.crossesTier !== null || split.crossesKeyDecision);
}

/**
 * What a decision's snapshot records while the checks are on, with the reason given; the handler
 * must have loaded the candidates, or an unexplained split could pass unseen.
 */
export function splitSpendAtDecision(
  proposal: Proposal,
  policy: Policy,
  relatedProposals: readonly RelationFacts[] | undefined,
  reason: string | undefined,
): SplitSpendRecord | null {
  if (policy.splitSpendWindowDays === null) return null;
  if (relatedProposals === undefined) {
    throw new Error('A decision under split-spend checks needs the related proposals as facts');
  }
  const split = splitSpendOf(relationFactsOf(proposal), relatedProposals, policy)!;
  return {
    related: [...split.related],
    combinedWholeLifeCost: split.combinedWholeLifeCost.toString(),
    crossesTier: split.crossesTier,
    crossesKeyDecision: split.crossesKeyDecision,
    reason: reason === undefined ? null : requireText(reason, 'splitSpendReason').trim(),
  };
}

export function assertSplitSpendExplained(record: SplitSpendRecord | null): void {
  if (record === null || record.reason !== null) return;
  if (record.crossesTier !== null || record.crossesKeyDecision) {
    throw new SplitSpendUnexplained(record);
  }
}
