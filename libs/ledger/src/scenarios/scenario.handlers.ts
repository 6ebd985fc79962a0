import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  decideAdoption,
  requireRole,
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
        const portfolio = await portfolioAt(
          this.store,
          valid.fiscalYear,
          position,
          this.database,
        );
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
    if (!superseded) return events;
    return {
      events,
      alsoAppend: [{ streamId: scenarioStream(superseded.scenarioId), events: superseded.events }],
    };
  },
};

/**
 * One adopted scenario per fiscal year: the one adopted now is found in the scenario register and
 * read as a fact, so its ScenarioSuperseded is appended with the version read, atomically with the
 * adoption; two boards adopting at once cannot both supersede it.
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
      facts: async (state, read) => {
        if (state.status === 'initial') throw new ScenarioNotFound();
        const adoptedId = await adoptedScenarioOfYear(this.database, state.fiscalYear);
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
