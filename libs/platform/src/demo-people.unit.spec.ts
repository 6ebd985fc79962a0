import { ROLES } from '@ledger/domain';
import { DEMO_COUNCIL, DEMO_SIGN_IN_PEOPLE } from './demo-people';

describe('the demo council', () => {
  const council = Object.values(DEMO_COUNCIL);

  it('gives every member their own id and name, or the ledger would merge two people', () => {
    expect(new Set(council.map((person) => person.id)).size).toBe(council.length);
    expect(new Set(council.map((person) => person.name)).size).toBe(council.length);
  });

  it('offers at sign-in members of the council, covering every role', () => {
    for (const person of DEMO_SIGN_IN_PEOPLE) expect(council).toContain(person);
    expect(new Set(DEMO_SIGN_IN_PEOPLE).size).toBe(DEMO_SIGN_IN_PEOPLE.length);
    expect(new Set(DEMO_SIGN_IN_PEOPLE.flatMap((person) => person.roles))).toEqual(new Set(ROLES));
  });
});
