import fc from 'fast-check';
import { DomainError, InvalidFiscalYear, InvalidMoney, RoleRequired } from '../domain.errors';
import { Money } from '../money';
import { deciderSpecification } from '../testing/decider-specification';
import {
  aBoardMember,
  aBudget,
  aFinanceOfficer,
  anAdmin,
  by,
  envelopeSet,
  fundsCommitted,
  NOW,
} from '../testing/fixtures';
import { BudgetCommand, CommitFunds, SetBudgetEnvelope } from './budget.commands';
import { budgetDecider, BudgetState, initialBudgetState, remainingCapital } from './budget.decider';
import {
  EnvelopeBelowCommitted,
  EnvelopeExceeded,
  FundsAlreadyCommitted,
  NoEnvelope,
} from './budget.errors';
import { budgetStream } from './budget.events';

const { given } = deciderSpecification(budgetDecider);

const setEnvelope = (
  capitalEnvelope: string,
  actor = aFinanceOfficer(),
  overrides: Partial<SetBudgetEnvelope['data']> = {},
): SetBudgetEnvelope => ({
  type: 'SetBudgetEnvelope',
  data: { fiscalYear: '2026-27', capitalEnvelope, revenueEnvelope: '50000', ...overrides },
  metadata: by(actor),
});
const commit = (amount: string, proposalId = 'p-1'): CommitFunds => ({
  type: 'CommitFunds',
  data: { fiscalYear: '2026-27', proposalId, amount },
  metadata: by(aBoardMember()),
});

describe('setting a budget envelope', () => {
  it('records the envelopes in canonical money form', () => {
    given([])
      .when(setEnvelope('500000'))
      .then([
        {
          type: 'BudgetEnvelopeSet',
          data: {
            fiscalYear: '2026-27',
            capitalEnvelope: '500000.00',
            revenueEnvelope: '50000.00',
            setAt: NOW,
          },
        },
      ]);
  });

  it('lets an admin set it too', () => {
    given([])
      .when(setEnvelope('1', anAdmin()))
      .then([expect.objectContaining({ type: 'BudgetEnvelopeSet' })]);
  });

  it('replaces an earlier envelope, keeping what is committed', () => {
    const state = aBudget([envelopeSet('500000'), fundsCommitted('200000')]);
    const [event] = budgetDecider.decide(setEnvelope('200000'), state);
    const after = budgetDecider.evolve(state, event);
    expect(after.status === 'set' && after.committed.toString()).toBe('200000.00');
    expect(remainingCapital(after).isZero()).toBe(true);
  });

  it('refuses to shrink the envelope below what is already committed', () => {
    given([envelopeSet('500000'), fundsCommitted('200000')])
      .when(setEnvelope('199999.99'))
      .thenThrows(EnvelopeBelowCommitted, (e) => expect(e.kind).toBe('governance'));
  });

  it('refuses someone without the finance or admin role', () => {
    given([])
      .when(setEnvelope('1', aBoardMember()))
      .thenThrows(RoleRequired, (e) => expect(e.message).toContain('finance or admin'));
  });

  it('refuses invalid amounts and years', () => {
    given([])
      .when(setEnvelope('1.001'))
      .thenThrows(InvalidMoney, (e) => expect(e.field).toBe('capitalEnvelope'));
    given([])
      .when(setEnvelope('1', aFinanceOfficer(), { revenueEnvelope: '' }))
      .thenThrows(InvalidMoney);
    given([])
      .when(setEnvelope('1', aFinanceOfficer(), { fiscalYear: '2026' }))
      .thenThrows(InvalidFiscalYear);
  });

  it('names its stream after the fiscal year', () => {
    expect(budgetStream('2026-27')).toBe('budget-2026-27');
  });
});

describe('committing funds', () => {
  it('commits capital from the remaining envelope', () => {
    given([envelopeSet('100000'), fundsCommitted('40000', 'p-0')])
      .when(commit('60000'))
      .then([
        {
          type: 'FundsCommitted',
          data: { fiscalYear: '2026-27', proposalId: 'p-1', amount: '60000.00', committedAt: NOW },
        },
      ]);
  });

  it('refuses when no envelope is set', () => {
    given([]).when(commit('1')).thenThrows(NoEnvelope);
  });

  it('refuses more than remains', () => {
    given([envelopeSet('100000'), fundsCommitted('40000', 'p-0')])
      .when(commit('60000.01'))
      .thenThrows(EnvelopeExceeded);
  });

  it('refuses committing twice for the same proposal', () => {
    given([envelopeSet('100000'), fundsCommitted('1', 'p-1')])
      .when(commit('1'))
      .thenThrows(FundsAlreadyCommitted);
  });
});

describe('the budget', () => {
  it('never commits more than its envelope, whatever commands arrive', () => {
    const amount = fc
      .bigInt({ min: 0n, max: 1_000_000_00n })
      .map((p) => Money.fromPence(p).toString());
    const command: fc.Arbitrary<BudgetCommand> = fc.oneof(
      amount.map((a) => setEnvelope(a)),
      fc
        .tuple(amount, fc.constantFrom('p-1', 'p-2', 'p-3', 'p-4', 'p-5', 'p-6'))
        .map(([a, id]) => commit(a, id)),
    );
    fc.assert(
      fc.property(fc.array(command, { maxLength: 30 }), (commands) => {
        let state: BudgetState = initialBudgetState();
        for (const c of commands) {
          try {
            state = budgetDecider.decide(c, state).reduce(budgetDecider.evolve, state);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
          }
          if (state.status === 'set') {
            expect(state.committed.isGreaterThan(state.capitalEnvelope)).toBe(false);
            expect(Money.sum(state.commitments.map((x) => x.amount)).equals(state.committed)).toBe(
              true,
            );
          }
        }
      }),
    );
  });
});
