import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { ProposalHistoryController } from './proposal-history.controller';

const controllers = [AuditController, ProposalHistoryController];

/** Auditors' reads straight from the event log: history, the log, verification, digests, exports. */
@Module({ controllers })
export class AuditModule {}
