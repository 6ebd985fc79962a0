import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import {
  AdoptScenarioCommand,
  CompareScenariosQuery,
  CreateScenarioCommand,
  GetScenarioQuery,
  ListScenariosQuery,
} from '@ledger/ledger';
import { Roles } from '../auth/access.decorators';
import { ReadOperation, WriteOperation } from '../http/api-operations';
import { contentTag, versionTag } from '../http/entity-tag';
import { Write, type WriteCall } from '../http/write-call';
import {
  AdoptScenarioRequest,
  CompareScenariosRequest,
  CreateScenarioRequest,
  ListScenariosRequest,
} from './scenario.request';
import {
  ScenarioComparisonResponse,
  ScenarioListResponse,
  ScenarioResponse,
} from './scenario.response';

const uuid = new ParseUUIDPipe({ version: undefined, errorHttpStatusCode: 400 });

@ApiTags('scenarios')
@ApiBearerAuth()
@Controller('scenarios')
export class ScenariosController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('finance', 'board')
  @WriteOperation({
    operationId: 'createScenario',
    summary:
      'Record a "what if": a budget, weights and proposals forced in or out, and its exact optimum',
    description:
      'Forced-in and statutory proposals are chosen first (422 forced-exceeds-budget when they do not fit); the rest is an exact optimum as for priorities. ' +
      'A proposal forced both in and out is 400; a forced proposal that is not a submitted proposal of the year at the evaluation point is 422 not-a-candidate. ' +
      'The portfolio is evaluated at `asOf` (not in the future) or at the log position when the scenario is created; the selection is recorded in ScenarioCreated.',
    locationOf: (id) => `/api/v1/scenarios/${id}`,
    problems: [403, 422],
  })
  @ApiBody({
    type: CreateScenarioRequest,
    examples: {
      cut: {
        summary: 'The envelope cut by 15%, risk reduction weighted higher',
        value: {
          fiscalYear: '2026-27',
          name: 'Envelope cut by 15%',
          budget: '1275000.00',
          weights: { riskReduction: 3 },
        },
      },
    },
  })
  create(@Body() body: CreateScenarioRequest, @Write() call: WriteCall) {
    return this.commands.execute(new CreateScenarioCommand(body, call.context));
  }

  @Get()
  @ReadOperation({
    operationId: 'listScenarios',
    summary: 'Scenarios, oldest first, optionally of one fiscal year',
    type: ScenarioListResponse,
    fromProjections: true,
    tagOf: contentTag(),
    etag: 'A digest of the list (weak)',
  })
  list(@Query() query: ListScenariosRequest) {
    return this.queries.execute(new ListScenariosQuery(query.fiscalYear));
  }

  @Get('compare')
  @ReadOperation({
    operationId: 'compareScenarios',
    summary: '2 to 6 scenarios side by side: totals, and which scenarios select each proposal',
    type: ScenarioComparisonResponse,
    tagOf: contentTag(),
    etag: 'A digest of the comparison (weak)',
    problems: [404],
  })
  compare(@Query() query: CompareScenariosRequest) {
    return this.queries.execute(
      new CompareScenariosQuery(query.ids.split(',').map((id) => id.trim())),
    );
  }

  @Get(':id')
  @ReadOperation({
    operationId: 'readScenario',
    summary:
      'A scenario: its definition, its result at the evaluation point (the same forever), the result now, and what changed',
    type: ScenarioResponse,
    fromProjections: true,
    tagOf: versionTag<ScenarioResponse>((scenario) => scenario.version),
    etag: 'The version, e.g. "1": send it as If-Match to adopt',
    problems: [404],
  })
  read(@Param('id', uuid) id: string) {
    return this.queries.execute(new GetScenarioQuery(id));
  }

  @Post(':id/adoption')
  @Roles('board')
  @WriteOperation({
    operationId: 'adoptScenario',
    summary: "Adopt the scenario as the board's plan for its fiscal year (If-Match required)",
    description:
      'One adopted scenario per fiscal year: adopting another records ScenarioSuperseded for the previous one in the same atomic append. ' +
      'While a scenario is adopted, approving a proposal it did not select needs departureReason.',
    ifMatch: 'required',
    problems: [403, 404],
  })
  adopt(
    @Param('id', uuid) id: string,
    @Body() body: AdoptScenarioRequest,
    @Write() call: WriteCall,
  ) {
    return this.commands.execute(new AdoptScenarioCommand(id, body, call.context, call.ifMatch));
  }
}
