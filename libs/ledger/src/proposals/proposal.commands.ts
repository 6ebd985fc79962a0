import { Command } from '@nestjs/cqrs';
import type {
  DecideProposal,
  PublishKeyDecisionNotice,
  ProposalFieldsInput,
  RecordBenefits,
  RecordReview,
} from '@ledger/domain';
import type { RequestContext, WriteResult } from '../request-context';

/** Writes to an existing proposal carry the version the client last saw (If-Match), when it sent one. */
abstract class ProposalChange extends Command<WriteResult> {
  constructor(
    readonly proposalId: string,
    readonly context: RequestContext,
    readonly ifMatch?: number,
  ) {
    super();
  }
}

export class DraftProposalCommand extends Command<WriteResult> {
  constructor(
    readonly fields: ProposalFieldsInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}

export class AmendProposalCommand extends ProposalChange {
  constructor(
    proposalId: string,
    readonly changes: Partial<ProposalFieldsInput>,
    context: RequestContext,
    ifMatch?: number,
  ) {
    super(proposalId, context, ifMatch);
  }
}

export class SubmitProposalCommand extends ProposalChange {}

export class RecordReviewCommand extends ProposalChange {
  constructor(
    proposalId: string,
    readonly review: Omit<RecordReview['data'], 'proposalId' | 'reviewId'>,
    context: RequestContext,
    ifMatch?: number,
  ) {
    super(proposalId, context, ifMatch);
  }
}

export class DeclareConflictOfInterestCommand extends ProposalChange {
  constructor(
    proposalId: string,
    readonly statement: string,
    context: RequestContext,
  ) {
    super(proposalId, context);
  }
}

export class ReturnProposalCommand extends ProposalChange {
  constructor(
    proposalId: string,
    readonly reason: string,
    context: RequestContext,
    ifMatch?: number,
  ) {
    super(proposalId, context, ifMatch);
  }
}

export class WithdrawProposalCommand extends ProposalChange {
  constructor(
    proposalId: string,
    readonly reason: string,
    context: RequestContext,
    ifMatch?: number,
  ) {
    super(proposalId, context, ifMatch);
  }
}

export class DecideProposalCommand extends ProposalChange {
  constructor(
    proposalId: string,
    readonly decision: Omit<DecideProposal['data'], 'proposalId'>,
    context: RequestContext,
    ifMatch?: number,
  ) {
    super(proposalId, context, ifMatch);
  }
}

export class RecordBenefitsCommand extends ProposalChange {
  constructor(
    proposalId: string,
    readonly benefits: Omit<RecordBenefits['data'], 'proposalId'>,
    context: RequestContext,
    ifMatch?: number,
  ) {
    super(proposalId, context, ifMatch);
  }
}

export class PublishKeyDecisionNoticeCommand extends ProposalChange {
  constructor(
    proposalId: string,
    readonly notice: Omit<PublishKeyDecisionNotice['data'], 'proposalId' | 'noticeId'>,
    context: RequestContext,
    ifMatch?: number,
  ) {
    super(proposalId, context, ifMatch);
  }
}
