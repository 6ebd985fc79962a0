import { z } from 'zod';
import { Immutable } from '../event-fields';

/**
 * HM Treasury's Five Case Model: a costly proposal is approved in three steps, each a fuller
 * business case (strategic outline, outline, full); any other proposal in one, a business
 * justification case.
 */
export const CASE_STAGES = ['SOC', 'OBC', 'FBC', 'BJC'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

export const BUSINESS_CASE_SECTIONS = [
  'strategic',
  'economic',
  'commercial',
  'financial',
  'management',
] as const;
export type BusinessCaseSection = (typeof BUSINESS_CASE_SECTIONS)[number];

export const BUSINESS_CASE_SECTION_MAX_LENGTH = 20_000;

const sectionSchema = z.string().max(BUSINESS_CASE_SECTION_MAX_LENGTH);

/** The five cases as written; a section absent or blank is not yet written. */
export const businessCaseSchema = z.strictObject({
  strategic: sectionSchema.optional(),
  economic: sectionSchema.optional(),
  commercial: sectionSchema.optional(),
  financial: sectionSchema.optional(),
  management: sectionSchema.optional(),
});
export type BusinessCase = Immutable<z.infer<typeof businessCaseSchema>>;

export const caseStageSchema = z.enum(CASE_STAGES);
