import {
  MONEY_FIELDS,
  Money,
  type Decision,
  type ProposalState,
  type RealisedBenefits,
} from '@ledger/domain';

/**
 * The register keeps each proposal's folded domain state, so the detail read and the projection use
 * the decider's own evolve rather than a second copy of the rules. Money survives the round trip as
 * exact pence: each amount is written as {"$pence":"…"}.
 *
 * Money sits in known places of the state (the four amounts of the business case, an approval's
 * amount, the realised benefits), so those are swapped for their pence and the rest is left to
 * JSON.stringify's own fast path: a replacer function, called for every key, made this a sixth of a
 * rebuild. The tests check the text is byte for byte what such a replacer writes.
 */
export function encodeProposalState(state: ProposalState): string {
  if (state.status === 'initial') return JSON.stringify(state);
  return JSON.stringify({
    ...state,
    capitalCost: pence(state.capitalCost),
    annualRevenueCost: pence(state.annualRevenueCost),
    annualCashableSaving: pence(state.annualCashableSaving),
    annualNonCashableBenefit: pence(state.annualNonCashableBenefit),
    decision: state.decision === null ? null : decisionInPence(state.decision),
    decisions: state.decisions.map(decisionInPence),
    benefits: state.benefits.map(benefitsInPence),
  });
}

export function encodeProposalStates(states: readonly ProposalState[]): string[] {
  return states.map(encodeProposalState);
}

/** The state back from its text, with Money revived where encodeProposalState put it. */
export function decodeProposalState(text: string): ProposalState {
  const state = JSON.parse(text) as Record<string, unknown>;
  if (state.status === 'initial') return state as unknown as ProposalState;
  for (const field of MONEY_FIELDS) state[field] = money(state[field]);
  if (state.decision !== null) state.decision = decisionWithMoney(state.decision);
  state.decisions = (state.decisions as unknown[]).map(decisionWithMoney);
  state.benefits = (state.benefits as Record<string, unknown>[]).map((benefits) => {
    benefits.cashableSaving = money(benefits.cashableSaving);
    benefits.nonCashableBenefit = money(benefits.nonCashableBenefit);
    return benefits;
  });
  return state as unknown as ProposalState;
}

function money(value: unknown): Money {
  const pence = (value as { $pence?: unknown } | null)?.$pence;
  if (typeof pence !== 'string')
    throw new Error('A stored proposal state lacks an amount in pence');
  return Money.fromPence(BigInt(pence));
}

function decisionWithMoney(value: unknown): unknown {
  const decision = value as Record<string, unknown>;
  if (decision.outcome === 'approved') decision.approvedAmount = money(decision.approvedAmount);
  return decision;
}

function pence(money: Money): { $pence: string } {
  return { $pence: money.pence.toString() };
}

function decisionInPence(decision: Decision): object {
  return decision.outcome === 'approved'
    ? { ...decision, approvedAmount: pence(decision.approvedAmount) }
    : decision;
}

function benefitsInPence(benefits: RealisedBenefits): object {
  return {
    ...benefits,
    cashableSaving: pence(benefits.cashableSaving),
    nonCashableBenefit: pence(benefits.nonCashableBenefit),
  };
}
