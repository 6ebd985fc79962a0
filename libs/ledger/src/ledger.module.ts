import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GetBudgetHandler, SetBudgetEnvelopeHandler } from './budgets/budget.handlers';
import { AdoptPolicyHandler, GetPolicyHandler } from './policy/policy.handlers';
import { proposalCommandHandlers } from './proposals/proposal.handlers';
import { GetProposalHandler } from './proposals/proposal.view';

const commandHandlers = [...proposalCommandHandlers, SetBudgetEnvelopeHandler, AdoptPolicyHandler];
const queryHandlers = [GetProposalHandler, GetBudgetHandler, GetPolicyHandler];

/** The write side and the event-folded reads; needs EVENT_STORE from the platform's database module. */
@Module({
  imports: [CqrsModule.forRoot()],
  providers: [...commandHandlers, ...queryHandlers],
  exports: [CqrsModule],
})
export class LedgerModule {}
