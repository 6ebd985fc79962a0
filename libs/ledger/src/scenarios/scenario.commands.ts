import { Command } from '@nestjs/cqrs';
import type { ScenarioDefinition } from '@ledger/domain';
import type { RequestContext, WriteResult } from '../request-context';

export class CreateScenarioCommand extends Command<WriteResult> {
  constructor(
    readonly definition: Omit<ScenarioDefinition, 'scenarioId'>,
    readonly context: RequestContext,
  ) {
    super();
  }
}

export class AdoptScenarioCommand extends Command<WriteResult> {
  constructor(
    readonly scenarioId: string,
    readonly adoption: { readonly reason: string; readonly meetingRef?: string },
    readonly context: RequestContext,
    /** The scenario's version the board member last saw (If-Match). */
    readonly ifMatch?: number,
  ) {
    super();
  }
}
