import type { MigrationInterface } from 'typeorm';
import { benefitRegisterProjection } from './benefits/benefit-register.projection';
import {
  PostgresBenefitRegister1797100000000,
  SqliteBenefitRegister1797100000000,
} from './benefits/benefit-register.migration';
import {
  PostgresBenefitYearTotals1797190000000,
  SqliteBenefitYearTotals1797190000000,
} from './benefits/benefit-year-totals.migration';
import { budgetSummaryProjection } from './budget-summary/budget-summary.projection';
import { BudgetSummaryEntity } from './budget-summary/budget-summary.entity';
import { ProjectionCheckpointEntity } from './projector/projection-checkpoint.entity';
import type { Projection } from './projector/projection';
import { ProposalRegisterEntity } from './proposal-register/proposal-register.entity';
import { proposalRegisterProjection } from './proposal-register/proposal-register.projection';
import {
  PostgresProposalRegisterRows1796184000000,
  SqliteProposalRegisterRows1796184000000,
} from './proposal-register/proposal-register-rows.migration';
import { forwardPlanProjection } from './forward-plan/forward-plan.projection';
import {
  PostgresForwardPlan1796284800017,
  SqliteForwardPlan1796284800017,
} from './forward-plan/forward-plan.migration';
import {
  PostgresProposalRegisterCaseStage1796270400000,
  SqliteProposalRegisterCaseStage1796270400000,
} from './proposal-register/proposal-register-case-stage.migration';
import {
  PostgresRelatedProposals1796450000000,
  SqliteRelatedProposals1796450000000,
} from './related-proposals/related-proposals.migration';
import { relatedProposalsProjection } from './related-proposals/related-proposals.projection';
import {
  PostgresScenarioRegister1797019190000,
  SqliteScenarioRegister1797019190000,
} from './scenarios/scenario-register.migration';
import { ScenarioRegisterEntity } from './scenarios/scenario-register.entity';
import { scenarioRegisterProjection } from './scenarios/scenario-register.projection';
import {
  PostgresReadModels1764340200000,
  SqliteReadModels1764340200000,
} from './read-models.migration';

/** Every projection the ledger keeps, in the order they are applied. */
export const PROJECTIONS: readonly Projection<unknown>[] = [
  proposalRegisterProjection as Projection<unknown>,
  budgetSummaryProjection as Projection<unknown>,
  forwardPlanProjection as Projection<unknown>,
  relatedProposalsProjection as Projection<unknown>,
  scenarioRegisterProjection as Projection<unknown>,
  benefitRegisterProjection as Projection<unknown>,
];

export const READ_MODEL_ENTITIES = [
  ProposalRegisterEntity,
  BudgetSummaryEntity,
  ProjectionCheckpointEntity,
  ScenarioRegisterEntity,
];

/** The read models' migrations per database, oldest first; a released one is never edited. */
export const READ_MODEL_MIGRATIONS: Readonly<
  Record<'sqlite' | 'postgres', readonly (new () => MigrationInterface)[]>
> = {
  sqlite: [
    SqliteReadModels1764340200000,
    SqliteProposalRegisterRows1796184000000,
    SqliteProposalRegisterCaseStage1796270400000,
    SqliteForwardPlan1796284800017,
    SqliteRelatedProposals1796450000000,
    SqliteScenarioRegister1797019190000,
    SqliteBenefitRegister1797100000000,
    SqliteBenefitYearTotals1797190000000,
  ],
  postgres: [
    PostgresReadModels1764340200000,
    PostgresProposalRegisterRows1796184000000,
    PostgresProposalRegisterCaseStage1796270400000,
    PostgresForwardPlan1796284800017,
    PostgresRelatedProposals1796450000000,
    PostgresScenarioRegister1797019190000,
    PostgresBenefitRegister1797100000000,
    PostgresBenefitYearTotals1797190000000,
  ],
};
