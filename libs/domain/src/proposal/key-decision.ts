import { Actor, personOf } from '../actor';
import { wholeLifeCost } from '../appraisal/appraisal';
import { InvalidField } from '../domain.errors';
import { parseIsoDate } from '../iso-date';
import { addDays, clearDaysBetween, londonDateOf } from '../london-date';
import { Policy } from '../policy/policy.decider';
import { requireText } from '../validation';
import { PublishKeyDecisionNotice, UrgencyInput } from './proposal.commands';
import { KeyDecisionNoticeRequired } from './proposal.errors';
import { KeyDecisionNoticePublished, KeyDecisionRecord, Urgency } from './proposal.events';
import { KeyDecisionNotice, ProposalFields, ProposalRecord } from './proposal.state';

/**
 * Clear days of notice a key decision needs (Local Authorities (Executive Arrangements) (Meetings and
 * Access to Information) (England) Regulations 2012, reg. 9), and under the general exception (reg. 10).
 */
export const KEY_DECISION_CLEAR_DAYS = 28;
export const GENERAL_EXCEPTION_CLEAR_DAYS = 5;

/** Deciding is a key decision when the policy sets a threshold and the whole-life cost reaches it. */
export function isKeyDecision(proposal: ProposalFields, policy: Policy): boolean {
  const threshold = policy.keyDecisionThreshold;
  return threshold !== null && !wholeLifeCost(proposal).isLessThan(threshold);
}

export interface NoticeFound {
  readonly notice: KeyDecisionNotice;
  readonly clearDays: number;
}

/** The notice with the most clear days before the decision's date (the first published on a tie). */
export function bestNotice(proposal: ProposalRecord, decisionDate: string): NoticeFound | null {
  let best: NoticeFound | null = null;
  for (const notice of proposal.keyDecisionNotices) {
    const clearDays = clearDaysBetween(notice.publishedOn, decisionDate);
    if (best === null || clearDays > best.clearDays) best = { notice, clearDays };
  }
  return best;
}

/**
 * How an approval or rejection taken at `now` meets the key-decision rule: null when it is not a key
 * decision; the qualifying notice; or the exception given as `urgency`. Refuses otherwise, saying how
 * many clear days the best notice gives and what would satisfy the rule.
 */
export function keyDecisionMet(
  proposal: ProposalRecord,
  policy: Policy,
  now: string,
  urgency: UrgencyInput | undefined,
): KeyDecisionRecord | null {
  if (!isKeyDecision(proposal, policy)) {
    if (urgency !== undefined) {
      throw new InvalidField(
        'urgency',
        'urgency is given only for a key decision; under the policy in force this is not one.',
      );
    }
    return null;
  }
  const decisionDate = londonDateOf(now);
  const best = bestNotice(proposal, decisionDate);
  if (urgency !== undefined) {
    const valid = validUrgency(urgency, decisionDate);
    return {
      noticeId: best?.notice.noticeId ?? null,
      clearDays:
        valid.procedure === 'general-exception'
          ? clearDaysBetween(valid.publishedOn, decisionDate)
          : (best?.clearDays ?? null),
      procedure: valid.procedure,
      urgency: valid,
    };
  }
  if (best !== null && best.clearDays >= KEY_DECISION_CLEAR_DAYS) {
    return { noticeId: best.notice.noticeId, clearDays: best.clearDays, procedure: 'notice' };
  }
  throw noticeRequired(proposal, policy, decisionDate, best);
}

/** The refusal an approval or rejection would meet now, or null when the rule is met by a notice. */
export function keyDecisionRefusal(
  proposal: ProposalRecord,
  policy: Policy,
  now: string,
): KeyDecisionNoticeRequired | null {
  if (!isKeyDecision(proposal, policy)) return null;
  const decisionDate = londonDateOf(now);
  const best = bestNotice(proposal, decisionDate);
  if (best !== null && best.clearDays >= KEY_DECISION_CLEAR_DAYS) return null;
  return noticeRequired(proposal, policy, decisionDate, best);
}

function noticeRequired(
  proposal: ProposalFields,
  policy: Policy,
  decisionDate: string,
  best: NoticeFound | null,
): KeyDecisionNoticeRequired {
  const found =
    best === null
      ? 'No key decision notice has been published for it.'
      : `The notice with the most clear days (${best.notice.noticeId}, published ${best.notice.publishedOn}) ` +
        `gives ${best.clearDays} clear ${best.clearDays === 1 ? 'day' : 'days'}.`;
  const laterDate =
    best === null
      ? ''
      : ` or decide on or after ${addDays(best.notice.publishedOn, KEY_DECISION_CLEAR_DAYS + 1)},`;
  return new KeyDecisionNoticeRequired(
    `Deciding on this proposal is a key decision: its whole-life cost £${wholeLifeCost(proposal).toString()} ` +
      `is at or above the key-decision threshold of £${policy.keyDecisionThreshold!.toString()}. ` +
      `Approving or rejecting it on ${decisionDate} (Europe/London) needs a notice published at least ` +
      `${KEY_DECISION_CLEAR_DAYS} clear days before, not counting the day of publication or of decision. ` +
      `${found} To satisfy the rule, rely on a notice published on or before ` +
      `${addDays(decisionDate, -(KEY_DECISION_CLEAR_DAYS + 1))},${laterDate} or give urgency: ` +
      `{ procedure: "general-exception", scrutinyChairInformedOn, publishedOn } with publishedOn on or before ` +
      `${addDays(decisionDate, -(GENERAL_EXCEPTION_CLEAR_DAYS + 1))} (${GENERAL_EXCEPTION_CLEAR_DAYS} clear days), ` +
      `or { procedure: "special-urgency", agreedBy, reason }.`,
    best?.clearDays ?? null,
  );
}

function validUrgency(urgency: UrgencyInput, decisionDate: string): Urgency {
  if (typeof urgency !== 'object' || urgency === null) {
    throw new InvalidField('urgency', 'urgency must be an object naming its procedure.');
  }
  const onlyFields = (allowed: readonly string[]) => {
    // Absent fields may be present as undefined (a validated request class declares them all).
    const extra = Object.entries(urgency).find(
      ([key, value]) => value !== undefined && !allowed.includes(key),
    )?.[0];
    if (extra !== undefined) {
      throw new InvalidField(
        `urgency.${extra}`,
        `urgency.${extra} is not a field of the ${urgency.procedure} procedure.`,
      );
    }
  };
  switch (urgency.procedure) {
    case 'general-exception': {
      onlyFields(['procedure', 'scrutinyChairInformedOn', 'publishedOn']);
      const informedOn = requireDate(
        urgency.scrutinyChairInformedOn,
        'urgency.scrutinyChairInformedOn',
      );
      const publishedOn = requireDate(urgency.publishedOn, 'urgency.publishedOn');
      if (informedOn > decisionDate) {
        throw new InvalidField(
          'urgency.scrutinyChairInformedOn',
          `The scrutiny chair must be informed before the decision; ${informedOn} is after ${decisionDate}.`,
        );
      }
      const clearDays = clearDaysBetween(publishedOn, decisionDate);
      if (clearDays < GENERAL_EXCEPTION_CLEAR_DAYS) {
        throw new KeyDecisionNoticeRequired(
          `Under the general exception the notice must be published at least ${GENERAL_EXCEPTION_CLEAR_DAYS} ` +
            `clear days before the decision; published ${publishedOn}, it gives ${clearDays} before ${decisionDate} ` +
            `(Europe/London). Publish it on or before ${addDays(decisionDate, -(GENERAL_EXCEPTION_CLEAR_DAYS + 1))}, ` +
            `or use { procedure: "special-urgency", agreedBy, reason }.`,
          clearDays,
        );
      }
      return { procedure: 'general-exception', scrutinyChairInformedOn: informedOn, publishedOn };
    }
    case 'special-urgency':
      onlyFields(['procedure', 'agreedBy', 'reason']);
      return {
        procedure: 'special-urgency',
        agreedBy: requireText(urgency.agreedBy, 'urgency.agreedBy'),
        reason: requireText(urgency.reason, 'urgency.reason'),
      };
    default:
      throw new InvalidField(
        'urgency.procedure',
        'urgency.procedure must be general-exception or special-urgency.',
      );
  }
}

function requireDate(value: unknown, field: string): string {
  if (typeof value !== 'string' || parseIsoDate(value) === null) {
    throw new InvalidField(field, `${field} must be a date such as "2027-03-29".`);
  }
  return value;
}

/** A board member or admin puts the decision on the forward plan. */
export function keyDecisionNoticePublished(
  command: PublishKeyDecisionNotice,
  actor: Actor,
): KeyDecisionNoticePublished {
  const { data, policy } = command;
  const publishedOn = requireDate(data.publishedOn, 'publishedOn');
  const decisionDue = requireDate(data.decisionDue, 'decisionDue');
  const today = londonDateOf(command.metadata.now);
  if (publishedOn > today) {
    throw new InvalidField(
      'publishedOn',
      `A notice is recorded once it is published; ${publishedOn} is after today, ${today} (Europe/London).`,
    );
  }
  if (decisionDue <= publishedOn) {
    throw new InvalidField('decisionDue', 'decisionDue must be after publishedOn.');
  }
  const decisionMaker = requireText(data.decisionMaker, 'decisionMaker');
  const tiers = policy.delegation.map((tier) => tier.authority);
  if (!tiers.includes(decisionMaker)) {
    throw new InvalidField(
      'decisionMaker',
      `decisionMaker must be a delegation tier of the policy in force: ${tiers.join(', ')}.`,
    );
  }
  return {
    type: 'KeyDecisionNoticePublished',
    data: {
      noticeId: requireText(data.noticeId, 'noticeId'),
      publishedOn,
      decisionDue,
      decisionMaker,
      summary: requireText(data.summary, 'summary'),
      publishedBy: personOf(actor),
      recordedAt: command.metadata.now,
    },
  };
}
