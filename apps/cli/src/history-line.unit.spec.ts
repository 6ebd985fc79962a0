import type { RecordedEvent } from '@ledger/event-store';
import { describeProposalEvent } from './history-line';

const recorded = (type: string, data: Record<string, unknown>): RecordedEvent =>
  ({
    position: 7,
    streamId: 'proposal-1',
    version: 3,
    eventId: 'e-1',
    type,
    schemaVersion: 1,
    data,
    metadata: {
      actor: { id: 'b', name: 'Bob Board' },
      roles: ['board'],
      correlationId: 'c',
      causationId: null,
    },
    recordedAt: '2026-09-02T09:00:00.000Z',
    dataHash: '0'.repeat(64),
    prevHash: '0'.repeat(64),
    hash: '0'.repeat(64),
  }) as RecordedEvent;

const snapshot = {
  proposalVersion: 5,
  reviewIds: ['r-1'],
  policyVersion: 0,
  authority: 'chief-officer',
  authorityUpTo: '100000.00',
  wholeLifeCost: '95000.00',
};

describe('a line of a proposal history', () => {
  it.each([
    [
      'ProposalAmended',
      {
        changes: { capitalCost: '1250000.5', title: 'Payroll, phase 2', appraisalYears: 7 },
        amendedAt: 'x',
      },
      'amended capital to £1,250,000.50, title to "Payroll, phase 2", appraisal years to 7',
    ],
    [
      'ProposalRejected',
      { reason: 'Poor value', meetingRef: null, snapshot },
      'REJECTED (chief-officer tier, whole-life cost £95,000.00, on version 5): Poor value',
    ],
    [
      'ProposalDeferred',
      { reason: 'Await the audit', deferredUntil: '2027-01-31', snapshot },
      'DEFERRED until 2027-01-31 (chief-officer tier, whole-life cost £95,000.00, on version 5): Await the audit',
    ],
    [
      'ProposalApproved',
      {
        reason: 'Good value',
        approvedAmount: '80000',
        conditions: ['Quarterly reports'],
        snapshot,
      },
      'APPROVED £80,000.00 (chief-officer tier, whole-life cost £95,000.00, on version 5, conditions: Quarterly reports): Good value',
    ],
    ['ProposalReturned', { reason: 'Add options' }, 'returned it for revision: Add options'],
    ['ProposalWithdrawn', { reason: 'No longer needed' }, 'withdrew it: No longer needed'],
    [
      'ConflictOfInterestDeclared',
      { person: { id: 'b', name: 'Bob Board' }, statement: 'My brother bids' },
      'declared a conflict of interest: My brother bids',
    ],
    [
      'BenefitsRecorded',
      { period: '2027-28', cashableSaving: '12000', nonCashableBenefit: '0.5', note: '' },
      'recorded benefits for 2027-28: savings £12,000.00, other benefits £0.50',
    ],
    ['KeyDecisionNoticePublished', { decisionDue: '2027-02-01' }, 'key decision notice published'],
  ])('says what %s did', (type, data, line) => {
    expect(describeProposalEvent(recorded(type, data))).toBe(line);
  });

  it('prints no control character a reason could carry to the terminal', () => {
    expect(describeProposalEvent(recorded('ProposalReturned', { reason: 'ok\u001b[2Jgone' }))).toBe(
      'returned it for revision: ok?[2Jgone',
    );
  });

  it('still reads an event recorded without some of its fields', () => {
    expect(describeProposalEvent(recorded('ProposalDrafted', { title: 'CRM' }))).toBe(
      'drafted "CRM"',
    );
    expect(describeProposalEvent(recorded('ProposalApproved', {}))).toBe('APPROVED');
  });
});
