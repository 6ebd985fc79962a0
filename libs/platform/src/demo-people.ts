import type { Role } from '@ledger/domain';

export interface DemoPerson {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly authorities: readonly string[];
  /** What this person can do, in words a newcomer choosing whom to sign in as understands. */
  readonly description: string;
}

function proposer(id: string, name: string, department: string): DemoPerson {
  return {
    id,
    name,
    roles: ['proposer'],
    authorities: [],
    description: `Proposer for ${department}: drafts business cases, amends them when returned, and submits them to the board.`,
  };
}

function reviewer(id: string, name: string, what: string): DemoPerson {
  return {
    id,
    name,
    roles: ['reviewer'],
    authorities: [],
    description: `Reviews proposals ${what}.`,
  };
}

/**
 * The demo council, one post to a person: `ledger demo` records its year as these people, and the
 * sign-in page offers some of them, so whoever a newcomer signs in as finds their own work in the
 * demo. Each duty is held by someone different, as segregation of duties asks.
 */
export const DEMO_COUNCIL = {
  asc: proposer('amara.okafor', 'Amara Okafor', "Adults' Social Care"),
  childrens: proposer('tom.fletcher', 'Tom Fletcher', "Children's Services"),
  revenues: proposer('sunita.rao', 'Sunita Rao', 'Revenues & Benefits'),
  highways: proposer('gareth.hughes', 'Gareth Hughes', 'Highways'),
  waste: proposer('bethan.lloyd', 'Bethan Lloyd', 'Waste'),
  libraries: proposer('helen.marsh', 'Helen Marsh', 'Libraries'),
  hr: proposer('fatima.begum', 'Fatima Begum', 'HR'),
  finance: proposer('colin.walsh', 'Colin Walsh', 'Finance'),
  customer: proposer('jade.osei', 'Jade Osei', 'Customer Services'),
  it: proposer('ian.clarke', 'Ian Clarke', 'IT'),
  financialReviewer: reviewer(
    'priya.shah',
    'Priya Shah',
    'as the financial reviewer (costs, savings, value for money)',
  ),
  secondFinancialReviewer: reviewer(
    'david.evans',
    'David Evans',
    'as a financial reviewer (costs, savings, value for money)',
  ),
  technicalReviewer: reviewer(
    'owen.price',
    'Owen Price',
    'as the technical reviewer (architecture, suppliers, fit with what the council runs)',
  ),
  secondTechnicalReviewer: reviewer('lucy.chen', 'Lucy Chen', 'as a technical reviewer'),
  securityReviewer: reviewer(
    'sam.adeyemi',
    'Sam Adeyemi',
    'for information security and data protection',
  ),
  legalReviewer: reviewer('claire.morgan', 'Claire Morgan', 'for legal and procurement risk'),
  serviceReviewer: reviewer(
    'nina.kowalski',
    'Nina Kowalski',
    'for the effect on front-line services',
  ),
  chiefOfficer: {
    id: 'janet.hale',
    name: 'Janet Hale',
    roles: ['board'],
    authorities: ['chief-officer'],
    description:
      'Decides as a chief officer, on proposals whose whole-life cost is up to £100,000.00.',
  },
  boardChair: {
    id: 'mark.bennett',
    name: 'Mark Bennett',
    roles: ['board'],
    authorities: ['investment-board'],
    description:
      'Chairs the investment board: decides on proposals whose whole-life cost is up to £1,000,000.00, and returns those not ready.',
  },
  boardMember: {
    id: 'ruth.adams',
    name: 'Ruth Adams',
    roles: ['board'],
    authorities: ['chief-officer', 'investment-board'],
    description:
      'A chief officer who sits on the investment board: decides on proposals whose whole-life cost is up to £1,000,000.00.',
  },
  cabinetMember: {
    id: 'imran.khan',
    name: 'Cllr Imran Khan',
    roles: ['board'],
    authorities: ['cabinet'],
    description:
      'Cabinet member: decides on proposals of any size, including those over £1,000,000.00.',
  },
  financeOfficer: {
    id: 'olivia.grant',
    name: 'Olivia Grant',
    roles: ['finance'],
    authorities: [],
    description:
      'Finance officer: sets budget envelopes, reads the portfolio and priorities, records realised benefits.',
  },
  auditor: {
    id: 'nadia.hussain',
    name: 'Nadia Hussain',
    roles: ['auditor'],
    authorities: [],
    description:
      'Internal auditor: verifies the hash chain, keeps digests, exports the log and reads every history.',
  },
  admin: {
    id: 'alex.morris',
    name: 'Alex Morris',
    roles: ['admin'],
    authorities: [],
    description: 'Administrator: adopts the governance policy and sets budget envelopes.',
  },
} as const satisfies Record<string, DemoPerson>;

/** A post in the demo council, such as `it` (the IT department's proposer) or `chiefOfficer`. */
export type DemoPost = keyof typeof DEMO_COUNCIL;

/**
 * Whom the sign-in page offers, one per duty, so every role's view can be seen in a minute. Each has
 * a history in the demo to look at: IT's proposer has proposals approved, rejected and awaiting a
 * decision, and the reviewers and board members offered recorded reviews and decisions in it.
 */
export const DEMO_SIGN_IN_POSTS = [
  'it',
  'financialReviewer',
  'technicalReviewer',
  'chiefOfficer',
  'boardChair',
  'cabinetMember',
  'financeOfficer',
  'auditor',
  'admin',
] as const satisfies readonly DemoPost[];

export const DEMO_SIGN_IN_PEOPLE: readonly DemoPerson[] = DEMO_SIGN_IN_POSTS.map(
  (post) => DEMO_COUNCIL[post],
);
