import { Money, type ProposalState } from '@ledger/domain';

/**
 * The register keeps each proposal's folded domain state, so the detail read and the projection use
 * the decider's own evolve rather than a second copy of the rules. Money survives the round trip as
 * exact pence.
 */
export function encodeProposalState(state: ProposalState): string {
  return JSON.stringify(state, function replacer(this: Record<string, unknown>, key, value) {
    const raw = this[key];
    return raw instanceof Money ? { $pence: raw.pence.toString() } : value;
  });
}

export function encodeProposalStates(states: readonly ProposalState[]): string[] {
  return states.map(encodeProposalState);
}

export function decodeProposalState(text: string): ProposalState {
  return JSON.parse(text, (_key, value) =>
    value !== null &&
    typeof value === 'object' &&
    typeof value.$pence === 'string' &&
    Object.keys(value).length === 1
      ? Money.fromPence(BigInt(value.$pence))
      : value,
  ) as ProposalState;
}
