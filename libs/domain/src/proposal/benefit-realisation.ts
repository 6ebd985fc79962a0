import { Actor, personOf, requireRole } from '../actor';
import { FiscalYear } from '../fiscal-year';
import {
  fiscalYearField,
  moneyField,
  requireOneOf,
  requireString,
  requireText,
} from '../validation';
import {
  BenefitNotInPlan,
  EvidenceAlreadyDecided,
  EvidenceAlreadyRecorded,
  EvidenceNotFound,
  SelfValidation,
} from './benefit-realisation.errors';
import { BenefitRealisationEvent } from './benefit-realisation.events';
import { RecordBenefitEvidence, ValidateBenefitEvidence } from './proposal.commands';
import { BenefitsBeforeInvestment, NotOwnProposal } from './proposal.errors';
import type { Proposal } from './proposal.state';

/**
 * Evidence of a realised benefit: recorded by finance or by the proposal's own proposer, only for a
 * benefit of the plan fixed at approval, and at most one live (not rejected) piece per period.
 */
export function recordBenefitEvidence(
  command: RecordBenefitEvidence,
  proposal: Proposal,
): BenefitRealisationEvent[] {
  const { actor, now } = command.metadata;
  requireFinanceOrOwnProposer(actor, proposal);
  const key = requireText(command.data.benefitKey, 'benefitKey');
  const benefit = proposal.benefitPlan.find((planned) => planned.key === key);
  if (!benefit) throw new BenefitNotInPlan(key);
  const period = fiscalYearField(command.data.period, 'period');
  if (period.compare(FiscalYear.parse(proposal.fiscalYear)) < 0) {
    throw new BenefitsBeforeInvestment(period.toString(), proposal.fiscalYear);
  }
  const amount = moneyField(command.data.amount, 'amount');
  const evidence = requireText(command.data.evidence, 'evidence');
  if (
    proposal.benefitEvidence.some(
      (item) =>
        item.benefitKey === key && item.period === period.toString() && item.status !== 'rejected',
    )
  ) {
    throw new EvidenceAlreadyRecorded(key, period.toString());
  }
  return [
    {
      type: 'BenefitEvidenced',
      data: {
        evidenceId: requireText(command.data.evidenceId, 'evidenceId'),
        benefitKey: key,
        benefitType: benefit.type,
        period: period.toString(),
        amount: amount.toString(),
        evidence,
        recordedBy: personOf(actor),
        recordedAt: now,
      },
    },
  ];
}

function requireFinanceOrOwnProposer(actor: Actor, proposal: Proposal): void {
  if (actor.roles.includes('finance')) return;
  requireRole(actor, 'record benefit evidence', 'finance', 'proposer');
  if (proposal.proposer.id !== actor.id) throw new NotOwnProposal('record benefit evidence on');
}

/** Finance validates or rejects each piece of evidence once, and never evidence they recorded. */
export function validateBenefitEvidence(
  command: ValidateBenefitEvidence,
  proposal: Proposal,
): BenefitRealisationEvent[] {
  const { actor, now } = command.metadata;
  requireRole(actor, 'validate benefit evidence', 'finance');
  const key = requireText(command.data.benefitKey, 'benefitKey');
  if (!proposal.benefitPlan.some((planned) => planned.key === key)) throw new BenefitNotInPlan(key);
  const item = proposal.benefitEvidence.find(
    (evidence) => evidence.evidenceId === command.data.evidenceId && evidence.benefitKey === key,
  );
  if (!item) throw new EvidenceNotFound(key, String(command.data.evidenceId));
  if (item.recordedBy.id === actor.id) throw new SelfValidation('validate evidence you recorded');
  const outcome = requireOneOf(command.data.outcome, ['validated', 'rejected'] as const, 'outcome');
  if (item.status !== 'pending') throw new EvidenceAlreadyDecided(item.evidenceId, item.status);
  const fields = {
    evidenceId: item.evidenceId,
    benefitKey: item.benefitKey,
    benefitType: item.benefitType,
    period: item.period,
    amount: item.amount,
  };
  if (outcome === 'validated') {
    const note = requireString(command.data.note, 'note');
    return [
      {
        type: 'BenefitValidated',
        data: { ...fields, note, validatedBy: personOf(actor), validatedAt: now },
      },
    ];
  }
  const note = requireText(command.data.note, 'note');
  return [
    {
      type: 'BenefitEvidenceRejected',
      data: { ...fields, note, rejectedBy: personOf(actor), rejectedAt: now },
    },
  ];
}
