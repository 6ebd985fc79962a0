import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GetBudgetHandler, SetBudgetEnvelopeHandler } from './budgets/budget.handlers';
import { AdoptPolicyHandler, GetPolicyHandler } from './policy/policy.handlers';
import { proposalCommandHandlers } from './proposals/proposal.handlers';
import { GetProposalHandler } from './proposals/proposal.view';
import { portfolioQueryHandlers } from './portfolio/portfolio.queries';
import { ReadSideModule } from './read-side.module';

const commandHandlers = [...proposalCommandHandlers, SetBudgetEnvelopeHandler, AdoptPolicyHandler];
const queryHandlers = [
  GetProposalHandler,
  GetBudgetHandler,
  GetPolicyHandler,
  ...portfolioQueryHandlers,
];

/** The write side and the event-folded reads; needs EVENT_STORE from the platform's database module. */
@Module({
  imports: [CqrsModule.forRoot(), ReadSideModule],
  providers: [...commandHandlers, ...queryHandlers],
  exports: [CqrsModule, ReadSideModule],
})
export class LedgerModule {}
