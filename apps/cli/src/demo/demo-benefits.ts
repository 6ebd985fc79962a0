import type { BenefitType } from '@ledger/domain';

/** A benefit of a demo business case, with its forecast in whole pounds per fiscal year. */
export interface DemoBenefit {
  readonly key: string;
  readonly description: string;
  readonly type: BenefitType;
  readonly owner: string;
  readonly measure: string;
  readonly forecast: Readonly<Record<string, number>>;
}

/**
 * What happens to a benefit after approval: its proposer records evidence for a year, and the
 * finance officer (never the person who recorded it) validates it, rejects it with a reason, or
 * has not got to it yet (`decision` absent).
 */
export interface DemoEvidence {
  readonly benefit: string;
  readonly period: string;
  readonly amount: number;
  readonly evidence: string;
  readonly decision?:
    | { readonly outcome: 'validated'; readonly note: string }
    | { readonly outcome: 'rejected'; readonly note: string };
}

export interface DemoRealisation {
  readonly plan: readonly DemoBenefit[];
  readonly evidence: readonly DemoEvidence[];
}

/**
 * The benefit plans of the demo's approved business cases, and their realisation so far: forecasts
 * by year, evidence from the services, and finance's validations. A finance officer reading
 * `ledger benefits --fiscal-year 2026-27` finds cash-releasing savings on track, two at risk (the
 * waste rounds and the care portal, whose first claim was rejected and restated), evidence awaiting
 * validation, and the v1 records of proposals approved before plans existed.
 */
export const DEMO_REALISATION: Readonly<Record<string, DemoRealisation>> = {
  'asc-case-management': {
    plan: [
      {
        key: 'agency-social-workers',
        description: 'Fewer agency social workers covering recording backlogs',
        type: 'cash-releasing',
        owner: 'Head of Adult Social Work',
        measure: 'Agency spend on the adult social work cost centres against the 2024-25 baseline',
        forecast: { '2025-26': 90_000, '2026-27': 210_000, '2027-28': 230_000, '2028-29': 230_000 },
      },
      {
        key: 'legacy-system-contract',
        description: 'The old case system’s support and hosting contract ends',
        type: 'cash-releasing',
        owner: 'Head of ICT',
        measure: 'Support and hosting invoices no longer paid',
        forecast: { '2026-27': 80_000, '2027-28': 80_000, '2028-29': 80_000 },
      },
      {
        key: 'practitioner-time',
        description: 'Practitioners record an assessment once, not twice',
        type: 'non-cash-releasing',
        owner: 'Principal social worker',
        measure: 'Hours of recording per assessment, sampled each quarter, at the average salary',
        forecast: { '2025-26': 40_000, '2026-27': 150_000, '2027-28': 150_000 },
      },
    ],
    evidence: [
      {
        benefit: 'agency-social-workers',
        period: '2025-26',
        amount: 82_000,
        evidence:
          'Agency spend report, January to March: four fewer agency posts than the baseline.',
        decision: {
          outcome: 'validated',
          note: 'Agrees with the ledger for cost centres 4100-4180.',
        },
      },
      {
        benefit: 'practitioner-time',
        period: '2025-26',
        amount: 35_000,
        evidence: 'Time-recording sample of 120 assessments in two teams.',
        decision: { outcome: 'validated', note: 'Sample is representative; not cash-releasing.' },
      },
      {
        benefit: 'agency-social-workers',
        period: '2026-27',
        amount: 190_000,
        evidence: 'Agency spend to month 8, projected to year end; nine fewer agency posts.',
        decision: {
          outcome: 'validated',
          note: 'Projection checked against the month 8 forecast.',
        },
      },
      {
        benefit: 'legacy-system-contract',
        period: '2026-27',
        amount: 80_000,
        evidence: 'Termination notice accepted by the supplier; final invoice was for March.',
      },
    ],
  },
  'care-act-portal': {
    plan: [
      {
        key: 'assessment-calls',
        description: 'Fewer calls to the contact centre to start an assessment',
        type: 'cash-releasing',
        owner: 'Customer Services manager',
        measure: 'Calls about assessments, times the cost of a call, against 2024-25',
        forecast: { '2026-27': 95_000, '2027-28': 95_000 },
      },
      {
        key: 'out-of-hours-referrals',
        description: 'Residents and carers can start an assessment at any hour',
        type: 'societal',
        owner: 'Head of Adult Social Work',
        measure: 'Self-referrals made outside office hours',
        forecast: { '2026-27': 30_000, '2027-28': 30_000 },
      },
    ],
    evidence: [
      {
        benefit: 'assessment-calls',
        period: '2026-27',
        amount: 62_000,
        evidence: 'Call volumes April to November: a third fewer calls about assessments.',
        decision: {
          outcome: 'rejected',
          note: 'The fall includes the two weeks in May when the line was closed for the migration; restate without them.',
        },
      },
      {
        benefit: 'assessment-calls',
        period: '2026-27',
        amount: 54_000,
        evidence: 'Restated without the two weeks of the closure, at the 2026-27 cost per call.',
        decision: { outcome: 'validated', note: 'Restatement agrees with the telephony reports.' },
      },
      {
        benefit: 'out-of-hours-referrals',
        period: '2026-27',
        amount: 21_000,
        evidence: '38% of self-referrals arrived between 6pm and 8am or at weekends.',
        decision: { outcome: 'validated', note: 'Societal value: counted, not banked.' },
      },
    ],
  },
  'street-lighting-cms': {
    plan: [
      {
        key: 'lighting-energy',
        description: 'Dimming and trimming cut the street lighting energy bill',
        type: 'cash-releasing',
        owner: 'Street lighting manager',
        measure: 'Unmetered supply kWh against 2024-25, at the contract price',
        forecast: { '2026-27': 130_000, '2027-28': 140_000, '2028-29': 140_000 },
      },
      {
        key: 'night-scouting',
        description: 'Night-time scouting for faults ends: the lights report their own',
        type: 'cash-releasing',
        owner: 'Street lighting manager',
        measure: 'Night inspection shifts no longer worked',
        forecast: { '2026-27': 30_000, '2027-28': 30_000 },
      },
      {
        key: 'faster-repairs',
        description: 'Dark streets are repaired sooner',
        type: 'societal',
        owner: 'Head of Highways',
        measure: 'Days from a fault to its repair',
        forecast: { '2026-27': 20_000 },
      },
    ],
    evidence: [
      {
        benefit: 'lighting-energy',
        period: '2026-27',
        amount: 148_000,
        evidence:
          'Energy supplier statements to month 8 with the year-end estimate; prices above forecast.',
        decision: {
          outcome: 'validated',
          note: 'Price effect shown separately; both are real savings.',
        },
      },
      {
        benefit: 'night-scouting',
        period: '2026-27',
        amount: 30_000,
        evidence: 'Night scouting contract ended in June.',
        decision: { outcome: 'validated', note: 'Contract variation on file.' },
      },
    ],
  },
  'council-tax-ebilling': {
    plan: [
      {
        key: 'print-and-post',
        description: 'Fewer council tax bills printed and posted',
        type: 'cash-releasing',
        owner: 'Revenues manager',
        measure: 'Print and post contract charges against 2024-25',
        forecast: { '2025-26': 20_000, '2026-27': 45_000, '2027-28': 60_000 },
      },
      {
        key: 'failed-payments',
        description: 'Fewer failed payments to chase, with more on direct debit',
        type: 'cash-releasing',
        owner: 'Revenues manager',
        measure: 'Reminder and summons costs against 2024-25',
        forecast: { '2026-27': 15_000, '2027-28': 10_000 },
      },
      {
        key: 'revenues-staff-time',
        description: 'Less time spent on returned post and payment queries',
        type: 'non-cash-releasing',
        owner: 'Revenues manager',
        measure: 'Hours logged against returned mail and payment queries',
        forecast: { '2026-27': 5_000, '2027-28': 5_000 },
      },
    ],
    evidence: [
      {
        benefit: 'print-and-post',
        period: '2025-26',
        amount: 18_500,
        evidence: 'Annual billing run: 19% of households took their bill by email.',
        decision: { outcome: 'validated', note: 'Agrees with the print contract credit note.' },
      },
      {
        benefit: 'print-and-post',
        period: '2026-27',
        amount: 36_000,
        evidence: '31% of households on e-billing; the print and post contract reduced in April.',
        decision: { outcome: 'validated', note: 'Contract variation seen.' },
      },
      {
        benefit: 'failed-payments',
        period: '2026-27',
        amount: 9_000,
        evidence: 'Summons volumes to month 8 against the same months of 2024-25.',
      },
    ],
  },
  'waste-routes': {
    plan: [
      {
        key: 'collection-vehicles',
        description: 'Three collection vehicles off the road on optimised rounds',
        type: 'cash-releasing',
        owner: 'Head of Waste',
        measure: 'Lease, fuel and crew costs of the vehicles withdrawn',
        forecast: { '2026-27': 150_000, '2027-28': 180_000, '2028-29': 180_000 },
      },
      {
        key: 'missed-collections',
        description: 'Fewer missed collections to send a crew back for',
        type: 'non-cash-releasing',
        owner: 'Waste operations manager',
        measure: 'Missed bins reported per 100,000 collections',
        forecast: { '2026-27': 10_000, '2027-28': 10_000 },
      },
    ],
    evidence: [
      {
        benefit: 'collection-vehicles',
        period: '2026-27',
        amount: 60_000,
        evidence:
          'Two vehicles off hire from September; the third waits for the new rounds in April.',
        decision: {
          outcome: 'validated',
          note: 'Off-hire notices seen. Below forecast: the board should expect the third vehicle next year.',
        },
      },
    ],
  },
  'ehcp-hub': {
    plan: [
      {
        key: 'tribunal-costs',
        description: 'Fewer appeals to the SEND tribunal over late plans',
        type: 'cash-releasing',
        owner: 'Head of SEND',
        measure: 'Legal and tribunal costs against 2025-26',
        forecast: { '2027-28': 40_000, '2028-29': 60_000 },
      },
      {
        key: 'caseworker-time',
        description: 'Caseworkers stop chasing contributions by email',
        type: 'non-cash-releasing',
        owner: 'SEND casework manager',
        measure: 'Hours per plan spent gathering advice',
        forecast: { '2026-27': 30_000, '2027-28': 90_000 },
      },
      {
        key: 'families-informed',
        description: 'Families see where their child’s plan is without having to ask',
        type: 'societal',
        owner: 'Head of SEND',
        measure: 'Families’ contacts asking for progress',
        forecast: { '2027-28': 25_000 },
      },
    ],
    evidence: [
      {
        benefit: 'caseworker-time',
        period: '2026-27',
        amount: 12_000,
        evidence: 'Pilot with one team from January: time sheets for 40 plans.',
      },
    ],
  },
  'hb-risk-verification': {
    plan: [
      {
        key: 'overpayments-prevented',
        description: 'Housing benefit overpayments prevented at the claim',
        type: 'cash-releasing',
        owner: 'Benefits manager',
        measure: 'Overpayments prevented by risk-based checks, net of subsidy lost',
        forecast: { '2026-27': 60_000, '2027-28': 120_000, '2028-29': 120_000, '2029-30': 120_000 },
      },
    ],
    evidence: [
      {
        benefit: 'overpayments-prevented',
        period: '2026-27',
        amount: 45_000,
        evidence: 'Risk-based verification report, months 4 to 8, from the benefits system.',
        decision: { outcome: 'validated', note: 'Net of subsidy, as the subsidy claim will show.' },
      },
    ],
  },
  'laptop-refresh': {
    plan: [
      {
        key: 'lost-staff-time',
        description: 'Staff no longer lose time to failing laptops',
        type: 'non-cash-releasing',
        owner: 'Service desk manager',
        measure: 'Hours lost to device faults logged at the service desk',
        forecast: { '2026-27': 75_000, '2027-28': 150_000, '2028-29': 150_000 },
      },
    ],
    evidence: [],
  },
  'library-wifi': {
    plan: [
      {
        key: 'digital-inclusion',
        description: 'Residents without broadband get online at their library',
        type: 'societal',
        owner: 'Libraries manager',
        measure: 'Wi-Fi sessions by library members without home broadband',
        forecast: { '2026-27': 18_000, '2027-28': 18_000 },
      },
    ],
    evidence: [
      {
        benefit: 'digital-inclusion',
        period: '2026-27',
        amount: 11_000,
        evidence: 'Session counts from the new Wi-Fi controller, June to November.',
        decision: { outcome: 'validated', note: 'Counted, not banked: a societal benefit.' },
      },
    ],
  },
};
