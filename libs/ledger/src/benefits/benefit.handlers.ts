import {
  ProposalNotFound,
  proposalDecider,
  proposalStream,
  type ProposalCommand,
  type ProposalEvent,
  type ProposalState,
} from '@ledger/domain';
import {
  deciderCommandHandler,
  type CommandWrite,
} from '../command-handling/decider-command.handler';
import { idFor } from '../request-context';
import { RecordBenefitEvidenceCommand, ValidateBenefitEvidenceCommand } from './benefit.commands';

type ProposalWrite = CommandWrite<ProposalCommand, ProposalEvent, ProposalState>;

export const benefitCommandHandlers = [
  deciderCommandHandler(
    RecordBenefitEvidenceCommand,
    ({ proposalId, benefitKey, evidence, context, ifMatch }): ProposalWrite => {
      const evidenceId = idFor(context, 'benefit-evidence');
      return {
        decider: proposalDecider,
        streamId: proposalStream(proposalId),
        id: evidenceId,
        context,
        ifMatch,
        resource: 'The proposal',
        notFound: () => new ProposalNotFound(),
        command: (metadata) => ({
          type: 'RecordBenefitEvidence',
          data: { ...evidence, proposalId, benefitKey, evidenceId },
          metadata,
        }),
      };
    },
  ),
  deciderCommandHandler(
    ValidateBenefitEvidenceCommand,
    ({ proposalId, benefitKey, evidenceId, validation, context, ifMatch }): ProposalWrite => ({
      decider: proposalDecider,
      streamId: proposalStream(proposalId),
      id: evidenceId,
      context,
      ifMatch,
      resource: 'The proposal',
      notFound: () => new ProposalNotFound(),
      command: (metadata) => ({
        type: 'ValidateBenefitEvidence',
        data: { ...validation, proposalId, benefitKey, evidenceId },
        metadata,
      }),
    }),
  ),
];
