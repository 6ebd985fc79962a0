import { Command } from '@nestjs/cqrs';
import type { RecordBenefitEvidence, ValidateBenefitEvidence } from '@ledger/domain';
import type { RequestContext, WriteResult } from '../request-context';

type EvidenceInput = Pick<RecordBenefitEvidence['data'], 'period' | 'amount' | 'evidence'>;
type ValidationInput = Pick<ValidateBenefitEvidence['data'], 'outcome' | 'note'>;

/** The answer names the new evidence (`id`); `version` is the proposal's stream version. */
export class RecordBenefitEvidenceCommand extends Command<WriteResult> {
  constructor(
    readonly proposalId: string,
    readonly benefitKey: string,
    readonly evidence: EvidenceInput,
    readonly context: RequestContext,
    readonly ifMatch?: number,
  ) {
    super();
  }
}

export class ValidateBenefitEvidenceCommand extends Command<WriteResult> {
  constructor(
    readonly proposalId: string,
    readonly benefitKey: string,
    readonly evidenceId: string,
    readonly validation: ValidationInput,
    readonly context: RequestContext,
    readonly ifMatch?: number,
  ) {
    super();
  }
}
