import { IsMoney } from '../http/money.validation';

export class SetBudgetRequest {
  @IsMoney('Capital available for ICT investment in the year', '2000000.00')
  capitalEnvelope: string;

  @IsMoney('Revenue available for ICT running costs in the year', '500000.00')
  revenueEnvelope: string;
}
