import type { Actor } from '@ledger/domain';

/**
 * The people of the demo council. Each duty is held by someone different, as segregation of duties
 * asks; the README mints a token for some of them to walk a newcomer through a proposal's life.
 */
export const DEMO_PEOPLE = {
  asc: person('amara.okafor', 'Amara Okafor', ['proposer']),
  childrens: person('tom.fletcher', 'Tom Fletcher', ['proposer']),
  revenues: person('sunita.rao', 'Sunita Rao', ['proposer']),
  highways: person('gareth.hughes', 'Gareth Hughes', ['proposer']),
  waste: person('bethan.lloyd', 'Bethan Lloyd', ['proposer']),
  libraries: person('helen.marsh', 'Helen Marsh', ['proposer']),
  hr: person('fatima.begum', 'Fatima Begum', ['proposer']),
  finance: person('colin.walsh', 'Colin Walsh', ['proposer']),
  customer: person('jade.osei', 'Jade Osei', ['proposer']),
  it: person('ian.clarke', 'Ian Clarke', ['proposer']),
  financialReviewer: person('priya.shah', 'Priya Shah', ['reviewer']),
  secondFinancialReviewer: person('david.evans', 'David Evans', ['reviewer']),
  technicalReviewer: person('owen.price', 'Owen Price', ['reviewer']),
  secondTechnicalReviewer: person('lucy.chen', 'Lucy Chen', ['reviewer']),
  securityReviewer: person('sam.adeyemi', 'Sam Adeyemi', ['reviewer']),
  legalReviewer: person('claire.morgan', 'Claire Morgan', ['reviewer']),
  serviceReviewer: person('nina.kowalski', 'Nina Kowalski', ['reviewer']),
  chiefOfficer: person('janet.hale', 'Janet Hale', ['board'], ['chief-officer']),
  boardChair: person('mark.bennett', 'Mark Bennett', ['board'], ['investment-board']),
  boardMember: person('ruth.adams', 'Ruth Adams', ['board'], ['chief-officer', 'investment-board']),
  cabinetMember: person('imran.khan', 'Cllr Imran Khan', ['board'], ['cabinet']),
  financeOfficer: person('olivia.grant', 'Olivia Grant', ['finance']),
  admin: person('alex.morris', 'Alex Morris', ['admin']),
} as const satisfies Record<string, Actor>;

export type DemoPerson = keyof typeof DEMO_PEOPLE;

function person(
  id: string,
  name: string,
  roles: readonly string[],
  authorities: readonly string[] = [],
): Actor {
  return { id, name, roles, authorities };
}
