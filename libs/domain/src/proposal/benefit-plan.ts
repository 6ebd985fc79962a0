import { z } from 'zod';
import { InvalidField } from '../domain.errors';
import { fiscalYearSchema, Immutable, moneySchema, textSchema } from '../event-fields';
import { fiscalYearField, moneyField, requireOneOf, requireText } from '../validation';

export const BENEFIT_TYPES = ['cash-releasing', 'non-cash-releasing', 'societal'] as const;
export type BenefitType = (typeof BENEFIT_TYPES)[number];

const BENEFIT_KEY = /^[a-z0-9-]{1,40}$/;

/** One benefit the business case promises: who owns it, how it is measured, and what it should yield per year. */
export const plannedBenefitSchema = z.strictObject({
  key: z.string().regex(BENEFIT_KEY),
  description: textSchema,
  type: z.enum(BENEFIT_TYPES),
  owner: textSchema,
  measure: textSchema,
  forecast: z.array(z.strictObject({ fiscalYear: fiscalYearSchema, amount: moneySchema })),
});
export const benefitPlanSchema = z.array(plannedBenefitSchema);
export type PlannedBenefit = Immutable<z.infer<typeof plannedBenefitSchema>>;
export type BenefitPlan = readonly PlannedBenefit[];

/** A planned benefit as a client sends it; checked by `validBenefitPlan`. */
export interface PlannedBenefitInput {
  readonly key: string;
  readonly description: string;
  readonly type: string;
  readonly owner: string;
  readonly measure: string;
  readonly forecast: readonly { readonly fiscalYear: string; readonly amount: string }[];
}

/** Checks a benefit plan: keys unique and well formed, one forecast per fiscal year of a benefit. */
export function validBenefitPlan(input: unknown): PlannedBenefit[] {
  if (!Array.isArray(input)) throw new InvalidField('benefitPlan', 'benefitPlan must be a list.');
  const keys = new Set<string>();
  return input.map((raw: Partial<PlannedBenefitInput> | null, index) => {
    const at = `benefitPlan[${index}]`;
    if (typeof raw !== 'object' || raw === null)
      throw new InvalidField(at, `${at} must be a benefit.`);
    const key = requireText(raw.key, `${at}.key`);
    if (!BENEFIT_KEY.test(key)) {
      throw new InvalidField(
        `${at}.key`,
        `"${key}" is not a benefit key: use 1 to 40 lower-case letters, digits or hyphens.`,
      );
    }
    if (keys.has(key))
      throw new InvalidField(`${at}.key`, `The benefit key "${key}" is used more than once.`);
    keys.add(key);
    if (!Array.isArray(raw.forecast))
      throw new InvalidField(`${at}.forecast`, `${at}.forecast must be a list.`);
    const years = new Set<string>();
    const forecast = raw.forecast.map((line, lineIndex) => {
      const lineAt = `${at}.forecast[${lineIndex}]`;
      const fiscalYear = fiscalYearField(line?.fiscalYear, `${lineAt}.fiscalYear`).toString();
      if (years.has(fiscalYear)) {
        throw new InvalidField(
          `${lineAt}.fiscalYear`,
          `The benefit "${key}" forecasts ${fiscalYear} more than once.`,
        );
      }
      years.add(fiscalYear);
      return { fiscalYear, amount: moneyField(line?.amount, `${lineAt}.amount`).toString() };
    });
    return {
      key,
      description: requireText(raw.description, `${at}.description`),
      type: requireOneOf(raw.type, BENEFIT_TYPES, `${at}.type`),
      owner: requireText(raw.owner, `${at}.owner`),
      measure: requireText(raw.measure, `${at}.measure`),
      forecast,
    };
  });
}
