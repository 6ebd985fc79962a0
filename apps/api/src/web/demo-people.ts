import type { Role } from '@ledger/domain';

export interface DemoPerson {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly authorities: readonly string[];
  /** What this person can do, in words a newcomer choosing whom to sign in as understands. */
  readonly description: string;
}

/**
 * The people a newcomer can sign in as outside production, one per duty, so every role's view can
 * be seen in a minute. Each duty is held by someone different, as segregation of duties requires.
 */
export const DEMO_PEOPLE: readonly DemoPerson[] = [
  {
    id: 'demo-proposer',
    name: 'Priya Patel',
    roles: ['proposer'],
    authorities: [],
    description: 'Drafts business cases, amends them when returned, and submits them to the board.',
  },
  {
    id: 'demo-financial-reviewer',
    name: 'Rhys Rowlands',
    roles: ['reviewer'],
    authorities: [],
    description: 'Reviews proposals as the financial reviewer (costs, savings, value for money).',
  },
  {
    id: 'demo-technical-reviewer',
    name: 'Tara Teague',
    roles: ['reviewer'],
    authorities: [],
    description: 'Reviews proposals as the technical and security reviewer.',
  },
  {
    id: 'demo-chief-officer',
    name: 'Charles Chen',
    roles: ['board'],
    authorities: ['chief-officer'],
    description:
      'Decides as a chief officer, on proposals whose whole-life cost is up to £100,000.00.',
  },
  {
    id: 'demo-board-member',
    name: 'Beatrice Bell',
    roles: ['board'],
    authorities: ['investment-board'],
    description:
      'Sits on the investment board: decides on proposals whose whole-life cost is up to £1,000,000.00.',
  },
  {
    id: 'demo-cabinet-member',
    name: 'Councillor Kofi Mensah',
    roles: ['board'],
    authorities: ['cabinet', 'investment-board'],
    description:
      'Cabinet member: decides on proposals of any size, including those over £1,000,000.00.',
  },
  {
    id: 'demo-finance',
    name: 'Fiona Finch',
    roles: ['finance'],
    authorities: [],
    description:
      'Finance officer: sets budget envelopes, reads the portfolio and priorities, records realised benefits.',
  },
  {
    id: 'demo-auditor',
    name: 'Audrey Auld',
    roles: ['auditor'],
    authorities: [],
    description:
      'Internal auditor: verifies the hash chain, keeps digests, exports the log and reads every history.',
  },
  {
    id: 'demo-admin',
    name: 'Adam Admin',
    roles: ['admin'],
    authorities: [],
    description: 'Administrator: adopts the governance policy and sets budget envelopes.',
  },
];
