import type { Proposal } from '../../api/types';
import { pounds, words } from '../../format';

const FIELDS: readonly (readonly [keyof Proposal, string, 'money' | 'text'])[] = [
  ['title', 'Title', 'text'],
  ['summary', 'Summary', 'text'],
  ['department', 'Department', 'text'],
  ['category', 'Category', 'text'],
  ['fiscalYear', 'Fiscal year', 'text'],
  ['capitalCost', 'Capital cost', 'money'],
  ['annualRevenueCost', 'Annual revenue cost', 'money'],
  ['annualCashableSaving', 'Annual cashable saving', 'money'],
  ['annualNonCashableBenefit', 'Annual non-cashable benefit', 'money'],
  ['appraisalYears', 'Appraisal years', 'text'],
  ['statutory', 'Statutory', 'text'],
  ['risks', 'Risks', 'text'],
];

/** What a board member must know changed between the version they saw and the current one. */
export function describeChanges(seen: Proposal, now: Proposal): string[] {
  const changes: string[] = [];
  if (seen.status !== now.status) {
    changes.push(`Status: ${words(seen.status)} → ${words(now.status)}`);
  }
  for (const [field, label, kind] of FIELDS) {
    const before = seen[field];
    const after = now[field];
    if (JSON.stringify(before) === JSON.stringify(after)) continue;
    const show = (value: unknown) =>
      kind === 'money' ? pounds(value as string) : value === null ? '(none)' : String(value);
    changes.push(`${label}: ${show(before)} → ${show(after)}`);
  }
  const seenReviews = new Set(seen.reviews.map((review) => review.reviewId));
  for (const review of now.reviews) {
    if (!seenReviews.has(review.reviewId)) {
      changes.push(
        `New ${review.kind} review by ${review.reviewer.name}: ${words(review.recommendation)}`,
      );
    }
  }
  const seenCurrent = new Set(
    seen.reviews.filter((review) => review.current).map((review) => review.reviewId),
  );
  for (const review of now.reviews) {
    if (seenCurrent.has(review.reviewId) && !review.current) {
      changes.push(`The ${review.kind} review by ${review.reviewer.name} no longer counts`);
    }
  }
  if (now.conflicts.length > seen.conflicts.length) {
    for (const conflict of now.conflicts.slice(seen.conflicts.length)) {
      changes.push(`Conflict of interest declared by ${conflict.person.name}`);
    }
  }
  if (now.decisions.length > seen.decisions.length) {
    for (const decision of now.decisions.slice(seen.decisions.length)) {
      changes.push(`${words(decision.outcome)} by ${decision.decidedBy.name}`);
    }
  }
  if (now.benefits.length > seen.benefits.length) changes.push('Benefits were recorded');
  if (changes.length === 0) changes.push('Its history moved on (see the timeline below)');
  return changes;
}
