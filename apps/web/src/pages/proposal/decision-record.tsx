import type { Decision } from '../../api/types';
import { StatusTag, SummaryList } from '../../components/feedback';
import { pounds, ukDate, ukDateTime, words } from '../../format';

/** A decision as recorded, with the snapshot of what it relied on. */
export function DecisionRecord({ decision }: { readonly decision: Decision }) {
  const snapshot = decision.snapshot;
  return (
    <div className="app-card">
      <h3 className="govuk-heading-s">
        <StatusTag status={decision.outcome} /> by {decision.decidedBy.name} on{' '}
        {ukDateTime(decision.decidedAt)}
      </h3>
      <SummaryList
        rows={[
          ['Reason', <span className="app-pre-wrap">{decision.reason}</span>],
          decision.approvedAmount !== undefined && [
            'Approved amount',
            pounds(decision.approvedAmount),
          ],
          decision.conditions !== undefined &&
            decision.conditions.length > 0 && ['Conditions', decision.conditions.join('; ')],
          decision.deferredUntil !== undefined && [
            'Deferred until',
            ukDate(decision.deferredUntil),
          ],
          decision.meetingRef ? ['Meeting', decision.meetingRef] : null,
        ]}
      />
      <h4 className="govuk-heading-s">Decision snapshot: what the decision relied on</h4>
      <SummaryList
        rows={[
          ['Proposal version decided on', String(snapshot.proposalVersion)],
          [
            'Delegation tier applied',
            `${words(snapshot.authority)} (up to ${snapshot.authorityUpTo === null ? 'no limit' : pounds(snapshot.authorityUpTo)})`,
          ],
          ['Whole-life cost checked', pounds(snapshot.wholeLifeCost)],
          ['Reviews relied on', `${snapshot.reviewIds.length}`],
          [
            'Policy in force',
            snapshot.policyVersion === 0
              ? 'The default policy'
              : `Adopted at log position ${snapshot.policyVersion}`,
          ],
        ]}
      />
    </div>
  );
}
