import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { benefitCommandHandlers } from './benefits/benefit.handlers';
import { PortfolioBenefitsHandler } from './benefits/benefit.queries';
import { GetBudgetHandler, SetBudgetEnvelopeHandler } from './budgets/budget.handlers';
import { AdoptPolicyHandler, GetPolicyHandler } from './policy/policy.handlers';
import { proposalCommandHandlers } from './proposals/proposal.handlers';
import { GetProposalHandler } from './proposals/proposal.view';
import { portfolioQueryHandlers } from './portfolio/portfolio.queries';
import { ForwardPlanHandler } from './forward-plan/forward-plan.query';
import { scenarioCommandHandlers } from './scenarios/scenario.handlers';
import { scenarioQueryHandlers } from './scenarios/scenario.queries';

const commandHandlers = [
  ...proposalCommandHandlers,
  SetBudgetEnvelopeHandler,
  AdoptPolicyHandler,
  ...scenarioCommandHandlers,
  ...benefitCommandHandlers,
];
const queryHandlers = [
  GetProposalHandler,
  GetBudgetHandler,
  GetPolicyHandler,
  ...portfolioQueryHandlers,
  ForwardPlanHandler,
  ...scenarioQueryHandlers,
  PortfolioBenefitsHandler,
];

/**
 * The write side and the reads; needs EVENT_STORE from the platform's database module, and the read
 * side (ReadModelDatabase, PRIORITY_SOLVER) from the platform's ReadSideModule.
 */
@Module({
  imports: [CqrsModule.forRoot()],
  providers: [...commandHandlers, ...queryHandlers],
  exports: [CqrsModule],
})
export class LedgerModule {}
