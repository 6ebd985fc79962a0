import {
  evolveProposal,
  initialProposalState,
  wholeLifeCost,
  type Proposal,
  type ProposalEvent,
} from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import {
  evolveForwardPlanRow,
  wholeLifeCostPence,
  type ForwardPlanRow,
} from './forward-plan.projection';

const board = { id: 'board-1', name: 'Bea Board' };
const history: ProposalEvent[] = [
  {
    type: 'ProposalDrafted',
    data: {
      proposalId: 'p-1',
      title: 'Network',
      summary: 'Replace it.',
      department: 'Digital',
      category: 'infrastructure',
      fiscalYear: '2026-27',
      capitalCost: '80000.00',
      annualRevenueCost: '2000.00',
      annualCashableSaving: '0.00',
      annualNonCashableBenefit: '0.00',
      appraisalYears: 5,
      statutory: false,
      risks: null,
      strategicObjectives: [],
      proposer: { id: 'priya', name: 'Priya' },
      draftedAt: '2026-11-01T09:00:00.000Z',
    },
  },
  {
    type: 'ProposalAmended',
    data: {
      changes: { title: 'Core network', annualRevenueCost: '3000.00', appraisalYears: 7 },
      amendedAt: '2026-11-02T09:00:00.000Z',
    },
  },
  { type: 'ProposalSubmitted', data: { submittedAt: '2026-11-03T09:00:00.000Z' } },
  {
    type: 'KeyDecisionNoticePublished',
    data: {
      noticeId: 'n-1',
      publishedOn: '2026-11-03',
      decisionDue: '2026-12-15',
      decisionMaker: 'cabinet',
      summary: 'Core network replacement.',
      publishedBy: board,
      recordedAt: '2026-11-03T10:00:00.000Z',
    },
  },
  {
    type: 'ProposalReturned',
    data: { reason: 'Options.', returnedAt: '2026-11-04T09:00:00.000Z' },
  },
];

function recorded(event: ProposalEvent, index: number): RecordedEvent {
  return {
    position: 10 + index,
    streamId: 'proposal-p-1',
    version: index + 1,
    eventId: `e-${index}`,
    type: event.type,
    schemaVersion: 1,
    data: JSON.parse(JSON.stringify(event.data)),
    metadata: { actor: board, roles: [], correlationId: 'c', causationId: null },
    recordedAt: '2026-11-04T09:00:00.000Z',
    dataHash: '',
    prevHash: '',
    hash: '',
  } as unknown as RecordedEvent;
}

describe('the forward plan projection', () => {
  it('keeps the proposal’s title, department, status and whole-life cost as the domain folds them, and its notices', () => {
    let row: ForwardPlanRow | null = null;
    history.forEach((event, index) => {
      row = evolveForwardPlanRow(row, recorded(event, index));
      const state = history.slice(0, index + 1).reduce(evolveProposal, initialProposalState());
      const proposal = state as Proposal;
      expect(row).toMatchObject({
        title: proposal.title,
        department: proposal.department,
        status: proposal.status,
        version: proposal.version,
      });
      expect(wholeLifeCostPence(row!)).toBe(wholeLifeCost(proposal).pence);
    });
    expect(row!.notices).toEqual([
      {
        noticeId: 'n-1',
        publishedOn: '2026-11-03',
        decisionDue: '2026-12-15',
        decisionMaker: 'cabinet',
        summary: 'Core network replacement.',
        position: 13,
      },
    ]);
  });

  it('ignores events of a proposal it never saw drafted', () => {
    expect(evolveForwardPlanRow(null, recorded(history[2], 2))).toBeNull();
  });
});
