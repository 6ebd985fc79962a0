import { wholeLifeCost } from '../appraisal/appraisal';
import { InvalidField } from '../domain.errors';
import { Money } from '../money';
import {
  BUSINESS_CASE_SECTION_MAX_LENGTH,
  BUSINESS_CASE_SECTIONS,
  BusinessCase,
  BusinessCaseSection,
  CaseStage,
} from './business-case.events';
import { requireStringList } from '../validation';
import { BusinessCaseIncomplete, FundsNotCommittedAtGate } from './proposal.errors';
import type { StageGatePassed, StageReassessment } from './proposal.events';

/** The stage a gate leads to; null for the stages whose approval commits funds. */
const NEXT_STAGE: Readonly<Record<CaseStage, CaseStage | null>> = {
  SOC: 'OBC',
  OBC: 'FBC',
  FBC: null,
  BJC: null,
};

const REQUIRED_SECTIONS: Readonly<Record<CaseStage, readonly BusinessCaseSection[]>> = {
  SOC: ['strategic', 'economic'],
  OBC: BUSINESS_CASE_SECTIONS,
  FBC: BUSINESS_CASE_SECTIONS,
  BJC: BUSINESS_CASE_SECTIONS,
};

/** The stage approving at this one leads to through a gate; null when approving commits funds. */
export function nextStage(stage: CaseStage): CaseStage | null {
  return NEXT_STAGE[stage];
}

/** The threshold the policy in force sets; null (or absent in policies adopted before it existed) is off. */
export interface StagePolicy {
  readonly fullBusinessCaseAbove?: Money | null;
}

/** Stages are in play when the policy sets the threshold, or the proposal is already on the SOC→FBC track. */
export function stagesInPlay(policy: StagePolicy, stage: CaseStage | null): boolean {
  return (policy.fullBusinessCaseAbove ?? null) !== null || (stage !== null && stage !== 'BJC');
}

/** What fixes a proposal's stage: its stage so far and its whole-life cost. */
export interface StagedProposal {
  readonly caseStage: CaseStage | null;
  readonly capitalCost: Money;
  readonly annualRevenueCost: Money;
  readonly appraisalYears: number;
}

/**
 * The stage a submission is at, by the policy in force. The first submission fixes it: whole-life
 * cost strictly above the threshold starts at SOC, anything else is BJC. A later submission keeps the
 * stage reached (gates move it on), with one exception: a proposal on the one-stage BJC path whose
 * whole-life cost now exceeds the threshold (amended while returned, or under a threshold adopted
 * since) starts the SOC → OBC → FBC path, so an amendment cannot carry a costly scheme through on a
 * business justification case. The path is never shortened: a proposal at SOC, OBC or FBC keeps it
 * however its cost changes.
 */
export function stageAtSubmission(proposal: StagedProposal, policy: StagePolicy): CaseStage {
  if (proposal.caseStage !== null && proposal.caseStage !== 'BJC') return proposal.caseStage;
  const threshold = policy.fullBusinessCaseAbove ?? null;
  return threshold !== null && wholeLifeCost(proposal).isGreaterThan(threshold) ? 'SOC' : 'BJC';
}

/**
 * How a submission now would move the proposal off the path its earlier submission fixed; null when
 * it stays on it (or this is the first submission).
 */
export function stageReassessment(
  proposal: StagedProposal,
  policy: StagePolicy,
): StageReassessment | null {
  const stage = stageAtSubmission(proposal, policy);
  if (proposal.caseStage === null || proposal.caseStage === stage) return null;
  return {
    from: proposal.caseStage,
    to: stage,
    wholeLifeCost: wholeLifeCost(proposal).toString(),
    fullBusinessCaseAbove: policy.fullBusinessCaseAbove!.toString(),
  };
}

/** The sections a stage needs that the business case lacks, in the model's order. */
export function missingSections(
  businessCase: BusinessCase,
  stage: CaseStage,
): BusinessCaseSection[] {
  return REQUIRED_SECTIONS[stage].filter(
    (section) => (businessCase[section] ?? '').trim().length === 0,
  );
}

/** While the policy sets a threshold, a submission needs the sections of its stage. */
export function assertBusinessCaseComplete(
  businessCase: BusinessCase,
  stage: CaseStage,
  policy: StagePolicy,
): void {
  if ((policy.fullBusinessCaseAbove ?? null) === null) return;
  const missing = missingSections(businessCase, stage);
  if (missing.length > 0) throw new BusinessCaseIncomplete(stage, missing);
}

/** The sections given in a draft or an amendment, checked; undefined when none was given. */
export function validBusinessCase(input: unknown): BusinessCase | undefined {
  if (input === undefined) return undefined;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidField(
      'businessCase',
      `businessCase must be an object with any of ${BUSINESS_CASE_SECTIONS.join(', ')}.`,
    );
  }
  const result: { -readonly [K in BusinessCaseSection]?: string } = {};
  for (const [key, value] of Object.entries(input)) {
    if (!(BUSINESS_CASE_SECTIONS as readonly string[]).includes(key)) {
      throw new InvalidField(
        `businessCase.${key}`,
        `"${key}" is not a section of the business case; the sections are ${BUSINESS_CASE_SECTIONS.join(', ')}.`,
      );
    }
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.length > BUSINESS_CASE_SECTION_MAX_LENGTH) {
      throw new InvalidField(
        `businessCase.${key}`,
        `businessCase.${key} must be a text of at most ${BUSINESS_CASE_SECTION_MAX_LENGTH} characters.`,
      );
    }
    result[key as BusinessCaseSection] = value;
  }
  // An empty object changes nothing, so an amendment of only that is refused as nothing to amend.
  return Object.keys(result).length === 0 ? undefined : result;
}

/** An amendment replaces the sections it gives and keeps the others. */
export function mergeBusinessCase(current: BusinessCase, changes: BusinessCase): BusinessCase {
  const merged: { -readonly [K in BusinessCaseSection]?: string } = { ...current };
  for (const section of BUSINESS_CASE_SECTIONS) {
    if (changes[section] !== undefined) merged[section] = changes[section];
  }
  return merged;
}

type DecisionFields = Omit<StageGatePassed['data'], 'from' | 'to' | 'conditions'>;

/**
 * An approval at SOC or OBC: the gate to the next stage, which commits no funds. null when the
 * stage's approval commits funds (FBC, BJC), which the decider then decides as before.
 */
export function passGate(
  stage: CaseStage | null,
  data: { readonly approvedAmount?: string; readonly conditions?: readonly string[] },
  decision: DecisionFields,
): StageGatePassed | null {
  const to = stage === null ? null : nextStage(stage);
  if (stage === null || to === null) return null;
  if (data.approvedAmount !== undefined) throw new FundsNotCommittedAtGate(stage, to);
  const conditions =
    data.conditions === undefined ? [] : requireStringList(data.conditions, 'conditions');
  return { type: 'StageGatePassed', data: { from: stage, to, conditions, ...decision } };
}
