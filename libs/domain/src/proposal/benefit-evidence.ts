import type { Person } from '../actor';
import type { BenefitType } from './benefit-plan';
import type { BenefitRealisationEvent } from './benefit-realisation.events';

export type EvidenceStatus = 'pending' | 'validated' | 'rejected';

export interface BenefitEvidence {
  readonly evidenceId: string;
  readonly benefitKey: string;
  readonly benefitType: BenefitType;
  readonly period: string;
  /** A decimal string, as recorded. */
  readonly amount: string;
  readonly evidence: string;
  readonly recordedBy: Person;
  readonly recordedAt: string;
  readonly status: EvidenceStatus;
  /** The validation or rejection; null while pending. */
  readonly outcome: {
    readonly note: string;
    readonly by: Person;
    readonly at: string;
  } | null;
}

export function evolveBenefitEvidence(
  evidence: readonly BenefitEvidence[],
  event: BenefitRealisationEvent,
): readonly BenefitEvidence[] {
  switch (event.type) {
    case 'BenefitEvidenced': {
      const { recordedAt, recordedBy, evidence: text, ...fields } = event.data;
      return [
        ...evidence,
        { ...fields, evidence: text, recordedBy, recordedAt, status: 'pending', outcome: null },
      ];
    }
    case 'BenefitValidated':
      return decided(evidence, event.data.evidenceId, 'validated', {
        note: event.data.note,
        by: event.data.validatedBy,
        at: event.data.validatedAt,
      });
    case 'BenefitEvidenceRejected':
      return decided(evidence, event.data.evidenceId, 'rejected', {
        note: event.data.note,
        by: event.data.rejectedBy,
        at: event.data.rejectedAt,
      });
  }
}

function decided(
  evidence: readonly BenefitEvidence[],
  evidenceId: string,
  status: EvidenceStatus,
  outcome: BenefitEvidence['outcome'],
): readonly BenefitEvidence[] {
  return evidence.map((item) =>
    item.evidenceId === evidenceId ? { ...item, status, outcome } : item,
  );
}
