import type { MigrationInterface } from 'typeorm';
import { benefitRegisterProjection } from './benefits/benefit-register.projection';
import {
  PostgresBenefitRegister1796270400000,
  SqliteBenefitRegister1796270400000,
} from './benefits/benefit-register.migration';
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
import {
  PostgresReadModels1764340200000,
  SqliteReadModels1764340200000,
} from './read-models.migration';

/** Every projection the ledger keeps, in the order they are applied. */
export const PROJECTIONS: readonly Projection<unknown>[] = [
  proposalRegisterProjection as Projection<unknown>,
  budgetSummaryProjection as Projection<unknown>,
  benefitRegisterProjection as Projection<unknown>,
];

export const READ_MODEL_ENTITIES = [
  ProposalRegisterEntity,
  BudgetSummaryEntity,
  ProjectionCheckpointEntity,
];

/** The read models' migrations per database, oldest first; a released one is never edited. */
export const READ_MODEL_MIGRATIONS: Readonly<
  Record<'sqlite' | 'postgres', readonly (new () => MigrationInterface)[]>
> = {
  sqlite: [
    SqliteReadModels1764340200000,
    SqliteProposalRegisterRows1796184000000,
    SqliteBenefitRegister1796270400000,
  ],
  postgres: [
    PostgresReadModels1764340200000,
    PostgresProposalRegisterRows1796184000000,
    PostgresBenefitRegister1796270400000,
  ],
};
