import type { BenefitFigures, BenefitTypeAmounts, BenefitType } from '../../api/types';
import { decimal } from '../../format';

export const BENEFIT_TYPES: readonly (readonly [keyof BenefitTypeAmounts, BenefitType, string])[] =
  [
    ['cashReleasing', 'cash-releasing', 'Cash-releasing'],
    ['nonCashReleasing', 'non-cash-releasing', 'Non-cash-releasing'],
    ['societal', 'societal', 'Societal'],
  ];

export const BENEFIT_TYPE_WORDS: Record<BenefitType, string> = {
  'cash-releasing': 'Cash-releasing',
  'non-cash-releasing': 'Non-cash-releasing',
  societal: 'Societal',
};

/** 0.64 → "64%"; null (no cash-releasing forecast) → "no forecast". */
export function rate(value: number | null): string {
  return value === null ? 'no forecast' : `${decimal(value * 100, 0)}%`;
}

/**
 * MoJ badge for a realisation rate: red "At risk" below 80% of the forecast, as the ledger flags it;
 * green "On track" otherwise; grey when nothing cash-releasing was forecast.
 */
export function RealisationBadge({ figures }: { readonly figures: BenefitFigures }) {
  if (figures.atRisk) return <strong className="moj-badge moj-badge--red">At risk</strong>;
  if (figures.realisationRate === null)
    return <strong className="moj-badge moj-badge--grey">No forecast</strong>;
  return <strong className="moj-badge moj-badge--green">On track</strong>;
}
