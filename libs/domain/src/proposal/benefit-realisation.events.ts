import { z } from 'zod';
import { personSchema } from '../actor';
import { fiscalYearSchema, instantSchema, moneySchema, textSchema } from '../event-fields';
import { defineEvent, EventOf } from '../event-registry';
import { BENEFIT_TYPES } from './benefit-plan';

// Each event names the benefit's type and the amount, fixed by the plan and the evidence, so a
// reader can total them without folding the plan.
const evidenceFields = {
  evidenceId: textSchema,
  benefitKey: textSchema,
  benefitType: z.enum(BENEFIT_TYPES),
  period: fiscalYearSchema,
  amount: moneySchema,
};

/** Finance or the proposer claimed that a planned benefit delivered an amount in a fiscal year, and said how they know. */
export const benefitEvidenced = defineEvent(
  'BenefitEvidenced',
  1,
  z.strictObject({
    ...evidenceFields,
    evidence: textSchema,
    recordedBy: personSchema,
    recordedAt: instantSchema,
  }),
);
/** Finance, independently of whoever claimed it, accepted a benefit's evidence: the amount counts as realised. */
export const benefitValidated = defineEvent(
  'BenefitValidated',
  1,
  z.strictObject({
    ...evidenceFields,
    note: z.string(),
    validatedBy: personSchema,
    validatedAt: instantSchema,
  }),
);
/** Finance refused a benefit's evidence with a reason; new evidence for that period may follow. */
export const benefitEvidenceRejected = defineEvent(
  'BenefitEvidenceRejected',
  1,
  z.strictObject({
    ...evidenceFields,
    note: textSchema,
    rejectedBy: personSchema,
    rejectedAt: instantSchema,
  }),
);

export type BenefitEvidenced = EventOf<typeof benefitEvidenced>;
export type BenefitValidated = EventOf<typeof benefitValidated>;
export type BenefitEvidenceRejected = EventOf<typeof benefitEvidenceRejected>;
export type BenefitRealisationEvent = BenefitEvidenced | BenefitValidated | BenefitEvidenceRejected;
