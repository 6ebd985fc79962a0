import { budgetSummaryProjection } from './budget-summary/budget-summary.projection';
import { BudgetSummaryEntity } from './budget-summary/budget-summary.entity';
import { ProjectionCheckpointEntity } from './projector/projection-checkpoint.entity';
import type { Projection } from './projector/projection';
import { ProposalRegisterEntity } from './proposal-register/proposal-register.entity';
import { proposalRegisterProjection } from './proposal-register/proposal-register.projection';

/** Every projection the ledger keeps, in the order they are applied. */
export const PROJECTIONS: readonly Projection<unknown>[] = [
  proposalRegisterProjection as Projection<unknown>,
  budgetSummaryProjection as Projection<unknown>,
];

export const READ_MODEL_ENTITIES = [
  ProposalRegisterEntity,
  BudgetSummaryEntity,
  ProjectionCheckpointEntity,
];
