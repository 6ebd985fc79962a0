import {
  aBenefitPlan,
  aSnapshot,
  benefitEvidenced,
  proposalApproved,
  proposalDrafted,
} from '@ledger/domain/testing/fixtures';
import { Money, type ProposalEvent } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { evolveBenefitRow, type BenefitRegisterRow } from './benefit-register.projection';
import { summariseBenefits, sumLines } from './benefit-register.query';

const T = (minute: number) => `2027-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`;

function recorded(position: number, event: ProposalEvent): RecordedEvent {
  return {
    position,
    streamId: `proposal-${proposalDrafted().data.proposalId}`,
    version: position,
    eventId: `e-${position}`,
    type: event.type,
    schemaVersion: 1,
    data: event.data as unknown as RecordedEvent['data'],
    metadata: { actor: { id: 'a', name: 'A' }, roles: [], correlationId: 'c', causationId: null },
    recordedAt: T(position),
    dataHash: '',
    prevHash: '',
    hash: '',
  } as unknown as RecordedEvent;
}

const decided = (
  evidenceId: string,
  outcome: 'BenefitValidated' | 'BenefitEvidenceRejected',
  amount: string,
): ProposalEvent =>
  outcome === 'BenefitValidated'
    ? {
        type: outcome,
        data: {
          evidenceId,
          benefitKey: 'licence-savings',
          benefitType: 'cash-releasing',
          period: '2026-27',
          amount,
          note: '',
          validatedBy: { id: 'f', name: 'F' },
          validatedAt: T(0),
        },
      }
    : {
        type: outcome,
        data: {
          evidenceId,
          benefitKey: 'licence-savings',
          benefitType: 'cash-releasing',
          period: '2026-27',
          amount,
          note: 'No.',
          rejectedBy: { id: 'f', name: 'F' },
          rejectedAt: T(0),
        },
      };

// Forecast cash-releasing 2026-27: £10,000.00.
const LIFE = [
  proposalDrafted({ benefitPlan: aBenefitPlan() }),
  proposalApproved({ snapshot: aSnapshot({ benefitPlanVersion: 1 }) }),
  benefitEvidenced({ evidenceId: 'e1', amount: '9000.00' }),
  decided('e1', 'BenefitEvidenceRejected', '9000.00'),
  benefitEvidenced({ evidenceId: 'e2', amount: '8000.00' }),
  decided('e2', 'BenefitValidated', '8000.00'),
].map((event, index) => recorded(index + 1, event));

function fold(events: readonly RecordedEvent[]): BenefitRegisterRow {
  return events.reduce<BenefitRegisterRow | null>(evolveBenefitRow, null)!;
}

describe('the benefit register', () => {
  it('sums forecast, evidenced (not rejected) and validated amounts per type', () => {
    const result = summariseBenefits('2026-27', T(59), sumLines('2026-27', [fold(LIFE)]));
    expect(result.totals).toEqual({
      forecast: { cashReleasing: '10000.00', nonCashReleasing: '0.00', societal: '0.00' },
      evidenced: { cashReleasing: '8000.00', nonCashReleasing: '0.00', societal: '0.00' },
      validated: { cashReleasing: '8000.00', nonCashReleasing: '0.00', societal: '0.00' },
      realisationRate: 0.8,
      atRisk: false,
    });
    const next = summariseBenefits('2027-28', T(59), sumLines('2027-28', [fold(LIFE)]));
    expect(next.totals.forecast).toEqual({
      cashReleasing: '20000.00',
      nonCashReleasing: '5000.00',
      societal: '0.00',
    });
    expect(next.totals.realisationRate).toBe(0);
    expect(next.totals.atRisk).toBe(true);
  });

  it('reads as of a time: the rejected evidence counted until its rejection, nothing before approval', () => {
    const row = fold(LIFE);
    const at = (minute: number) =>
      summariseBenefits('2026-27', T(minute), sumLines('2026-27', [row], T(minute))).totals;
    expect(at(1).forecast.cashReleasing).toBe('0.00');
    expect(at(2).forecast.cashReleasing).toBe('10000.00');
    expect(at(3).evidenced.cashReleasing).toBe('9000.00');
    expect(at(4).evidenced.cashReleasing).toBe('0.00');
    expect(at(5).validated.cashReleasing).toBe('0.00');
    expect(at(6).validated.cashReleasing).toBe('8000.00');
  });

  it('is at risk below 0.8 and not at exactly 0.8, with no rate without a forecast', () => {
    const base = {
      proposalId: 'p',
      title: 'T',
      department: 'D',
      benefitType: 'cash-releasing' as const,
    };
    const rate = (validated: bigint) =>
      summariseBenefits('2026-27', T(0), [
        { ...base, measure: 'forecast', pence: 1_000_000n },
        { ...base, measure: 'validated', pence: validated },
      ]).totals;
    expect(rate(800_000n)).toMatchObject({ realisationRate: 0.8, atRisk: false });
    expect(rate(799_999n)).toMatchObject({ realisationRate: 0.8, atRisk: true });
    expect(
      summariseBenefits('2026-27', T(0), [{ ...base, measure: 'validated', pence: 5n }]).totals,
    ).toMatchObject({ realisationRate: null, atRisk: false });
  });

  it('writes pence as Money does, whatever the number of digits', () => {
    const base = { proposalId: 'p', title: 'T', department: 'D', measure: 'forecast' as const };
    const cash = (pence: bigint) =>
      summariseBenefits('2026-27', T(0), [{ ...base, benefitType: 'cash-releasing', pence }]).totals
        .forecast.cashReleasing;
    for (const pence of [0n, 5n, 50n, 123n, 100n, 125_000_000n, 99_999_999_999_999n])
      expect(cash(pence)).toBe(Money.fromPence(pence).toString());
  });
});
