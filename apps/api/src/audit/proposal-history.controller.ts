import { Controller, Get, Inject, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ProposalNotFound, proposalStream } from '@ledger/domain';
import { EVENT_STORE, logEventView, type EventStore } from '@ledger/event-store';
import { READ_HISTORY_ROLES, Roles } from '../auth/access.decorators';
import { ReadOperation } from '../http/api-operations';
import { versionTag } from '../http/entity-tag';
import { ProposalHistoryResponse } from './audit.response';

@ApiTags('audit')
@ApiBearerAuth()
@Roles(...READ_HISTORY_ROLES)
@Controller('proposals')
export class ProposalHistoryController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get(':id/history')
  @ReadOperation({
    operationId: 'readProposalHistory',
    summary:
      "A proposal's events in order: who did what, when, and where each sits in the hash chain",
    description:
      'Read from the event log, not a projection, so it is never behind. Data is shown in its current schema.',
    type: ProposalHistoryResponse,
    tagOf: versionTag((history) => history.events[history.events.length - 1].version),
    etag: 'The proposal\'s version, e.g. "6", the same as GET /proposals/{id} answers',
    problems: [403, 404],
  })
  async history(
    @Param('id', new ParseUUIDPipe({ version: undefined, errorHttpStatusCode: 400 })) id: string,
  ): Promise<ProposalHistoryResponse> {
    const events = await this.store.readStream(proposalStream(id));
    if (events.length === 0) throw new ProposalNotFound();
    return {
      proposalId: id,
      events: events.map(logEventView) as ProposalHistoryResponse['events'],
    };
  }
}
