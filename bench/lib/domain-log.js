'use strict';
// A realistic log for the projector, verify and export: proposals with ten events each, the shapes
// the domain records (drafted, submitted, five reviews, approved, two years of benefits).
const KINDS = ['financial', 'technical', 'security', 'legal', 'service'];
const CATEGORIES = ['infrastructure', 'digital-service', 'security', 'data', 'end-user', 'other'];
const AT = '2026-11-01T09:00:00.000Z';

function proposalId(n) {
  return `0190a6f4-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
}

function proposalEvents(n) {
  const id = proposalId(n);
  const capital = 10000 + (n % 1990) * 1000;
  const board = { id: 'board-1', name: 'Bronwen Jones' };
  const e = (k, type, data) => ({ id: `${id}-${k}`, type, data });
  return {
    streamId: `proposal-${id}`,
    events: [
      e(1, 'ProposalDrafted', {
        proposalId: id,
        title: `Replace network segment ${n}`,
        summary: 'Core switches are out of support and fail monthly.',
        department: 'Digital Services',
        category: CATEGORIES[n % CATEGORIES.length],
        fiscalYear: '2026-27',
        capitalCost: `${capital}.00`,
        annualRevenueCost: '2000.00',
        annualCashableSaving: '30000.00',
        annualNonCashableBenefit: '5000.00',
        appraisalYears: 5,
        statutory: n % 17 === 0,
        risks: null,
        strategicObjectives: [],
        proposer: { id: `proposer-${n % 50}`, name: 'Priya Patel' },
        draftedAt: AT,
      }),
      e(2, 'ProposalSubmitted', { submittedAt: AT }),
      ...KINDS.map((kind, i) =>
        e(3 + i, 'ReviewRecorded', {
          reviewId: `${id}-review-${kind}`,
          kind,
          reviewer: { id: `reviewer-${kind}`, name: 'Rhys Evans' },
          scores: {
            strategicFit: 4,
            valueForMoney: 3,
            deliverability: 4,
            riskReduction: 5,
            serviceImpact: 2,
          },
          recommendation: 'support',
          comments: 'Sound case.',
          proposalVersion: 2,
          recordedAt: AT,
        }),
      ),
      e(8, 'ProposalApproved', {
        approvedAmount: `${capital}.00`,
        conditions: [],
        reason: 'Strong case.',
        meetingRef: null,
        decidedBy: board,
        decidedAt: AT,
        snapshot: {
          proposalVersion: 7,
          reviewIds: KINDS.map((kind) => `${id}-review-${kind}`),
          policyVersion: 0,
          authority: 'investment-board',
          authorityUpTo: null,
          wholeLifeCost: `${capital + 10000}.00`,
        },
      }),
      e(9, 'BenefitsRecorded', {
        period: '2027-28',
        cashableSaving: '28000.00',
        nonCashableBenefit: '4000.00',
        note: 'First full year.',
        recordedAt: AT,
      }),
      e(10, 'BenefitsRecorded', {
        period: '2028-29',
        cashableSaving: '31000.00',
        nonCashableBenefit: '5000.00',
        note: 'Second year.',
        recordedAt: AT,
      }),
    ],
  };
}

module.exports = { proposalEvents, proposalId };
