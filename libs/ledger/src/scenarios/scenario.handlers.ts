import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  adoptionRecorded,
  decideAdoption,
  requireRole,
  scenarioAdoptionsFold,
  scenarioAdoptionsStream,
  ScenarioNotFound,
  scenarioDecider,
  scenarioStream,
  validScenarioDefinition,
  type AdoptScenario,
  type CreateScenario,
  type ScenarioEvaluation,
  type ScenarioEvent,
  type ScenarioState,
} from '@ledger/domain';
import { EVENT_STORE, toRecordedTime, type EventStore } from '@ledger/event-store';
import { adoptedScenarioOfYear, ReadModelDatabase } from '@ledger/read-models';
import {
  handleCommand,
  type CommandWrite,
  type Decider,
} from '../command-handling/decider-command.handler';
import {
  PRIORITY_SOLVER,
  toProposalSummary,
  type PrioritySolver,
} from '../portfolio/portfolio.queries';
import { prioritise } from '../portfolio/priorities';
import { idFor, type WriteResult } from '../request-context';
import { portfolioAt } from './portfolio-at';
import { scenarioFold } from './scenario.fold';
import { AdoptScenarioCommand, CreateScenarioCommand } from './scenario.commands';

type ScenarioWrite<Command, Facts> = CommandWrite<Command, ScenarioEvent, ScenarioState, Facts>;

/**
 * A scenario is evaluated before it is recorded: the portfolio replayed from the log at its
 * evaluation point (the head now, or the position at `asOf`), and the exact optimum, which the
 * ScenarioCreated keeps so the board's plan reads the same forever.
 */
@CommandHandler(CreateScenarioCommand)
export class CreateScenarioHandler implements ICommandHandler<CreateScenarioCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PRIORITY_SOLVER) private readonly solver: PrioritySolver,
    private readonly database: ReadModelDatabase,
  ) {}

  execute({ definition, context }: CreateScenarioCommand): Promise<WriteResult> {
    const scenarioId = idFor(context, 'scenario');
    const write: ScenarioWrite<CreateScenario, ScenarioEvaluation> = {
      decider: scenarioDecider as Decider<CreateScenario, ScenarioEvent, ScenarioState>,
      streamId: scenarioStream(scenarioId),
      id: scenarioId,
      context,
      resource: 'The scenario',
      creates: true,
      facts: async () => {
        requireRole(context.actor, 'create a scenario', 'finance', 'board');
        const valid = validScenarioDefinition({ ...definition, scenarioId }, context.now);
        const position =
          valid.asOf === null
            ? (await this.store.readHead()).position
            : await this.store.positionAt(toRecordedTime(valid.asOf));
        const portfolio = await portfolioAt(this.store, valid.fiscalYear, position, this.database);
        const outcome = await prioritise(this.solver, toProposalSummary, {
          fiscalYear: valid.fiscalYear,
          submitted: portfolio.submitted,
          policy: portfolio.policy,
          weights: valid.weights,
          budgetPence: valid.budget.pence,
          forceIn: valid.forceIn,
          forceOut: valid.forceOut,
        });
        return {
          position,
          policyVersion: portfolio.policy.version,
          selection: {
            proposals: outcome.selection.proposals,
            totalCapital: outcome.selection.totalCapital,
            totalScore: outcome.selection.totalScore,
          },
        };
      },
      command: (metadata, evaluation) => ({
        type: 'CreateScenario',
        data: { ...definition, scenarioId },
        metadata,
        evaluation,
      }),
    };
    return handleCommand(this.store, write);
  }
}

const adoptionDecider: Decider<AdoptScenario, ScenarioEvent, ScenarioState> = {
  ...scenarioFold,
  decide: (command, state) => {
    const { events, superseded } = decideAdoption(command, state);
    const adoption = events.find((event) => event.type === 'ScenarioAdopted');
    if (!adoption) return events;
    return {
      events,
      alsoAppend: [
        ...(superseded
          ? [{ streamId: scenarioStream(superseded.scenarioId), events: superseded.events }]
          : []),
        {
          streamId: scenarioAdoptionsStream(adoption.data.fiscalYear),
          events: [adoptionRecorded(adoption.data, adoption.data.supersedes)],
        },
      ],
    };
  },
};

/**
 * One adopted scenario per fiscal year. Every adoption appends `AdoptedScenarioRecorded` to its
 * year's adoptions stream with the version it read, atomically with the adoption (and with the
 * previous scenario's ScenarioSuperseded, appended with that stream's version read), so of two
 * boards adopting at once for one year exactly one lands, the year's first adoption too; the other
 * is answered 409 (not decided again, which would quietly supersede what it never saw). The year's
 * adopted scenario is what that stream last recorded; a ledger from before the stream has none, and
 * its adopted scenario is found in the scenario register, as before.
 */
@CommandHandler(AdoptScenarioCommand)
export class AdoptScenarioHandler implements ICommandHandler<AdoptScenarioCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly database: ReadModelDatabase,
  ) {}

  execute({ scenarioId, adoption, context, ifMatch }: AdoptScenarioCommand): Promise<WriteResult> {
    const write: ScenarioWrite<AdoptScenario, { scenarioId: string } | null> = {
      decider: adoptionDecider,
      streamId: scenarioStream(scenarioId),
      id: scenarioId,
      context,
      ifMatch,
      resource: 'The scenario',
      versionRequiredFor: 'Adopting a scenario',
      notFound: () => new ScenarioNotFound(),
      factRacesAnswered: true,
      facts: async (state, read) => {
        if (state.status === 'initial') throw new ScenarioNotFound();
        const year = await read(scenarioAdoptionsStream(state.fiscalYear), scenarioAdoptionsFold);
        const adoptedId =
          year.version > 0
            ? year.state.adoptedScenarioId
            : await adoptedScenarioOfYear(this.database, state.fiscalYear);
        if (adoptedId === null || adoptedId === state.id) return null;
        const adopted = await read(scenarioStream(adoptedId), scenarioFold);
        return adopted.state.status === 'adopted' ? { scenarioId: adoptedId } : null;
      },
      command: (metadata, adopted) => ({
        type: 'AdoptScenario',
        data: { ...adoption, scenarioId },
        metadata,
        adopted,
      }),
    };
    return handleCommand(this.store, write);
  }
}

export const scenarioCommandHandlers = [CreateScenarioHandler, AdoptScenarioHandler];
