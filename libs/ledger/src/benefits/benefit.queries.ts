import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { FiscalYear } from '@ledger/domain';
import { toRecordedTime } from '@ledger/event-store';
import {
  benefitAmountsOfYear,
  ReadModelDatabase,
  summariseBenefitAmounts,
  type PortfolioBenefits,
} from '@ledger/read-models';

export class PortfolioBenefitsQuery extends Query<PortfolioBenefits> {
  constructor(
    readonly fiscalYear: string,
    readonly asOf?: string,
  ) {
    super();
  }
}

/**
 * Forecast, evidenced and validated benefits of one benefit period across approved proposals. Each
 * line of the register knows when it became true, so an as-of read is a filter, not a replay.
 */
@QueryHandler(PortfolioBenefitsQuery)
export class PortfolioBenefitsHandler implements IQueryHandler<PortfolioBenefitsQuery> {
  constructor(private readonly database: ReadModelDatabase) {}

  async execute({ fiscalYear, asOf }: PortfolioBenefitsQuery): Promise<PortfolioBenefits> {
    const year = FiscalYear.parse(fiscalYear).toString();
    const at = asOf === undefined ? undefined : toRecordedTime(asOf);
    const amounts = await benefitAmountsOfYear(this.database, year, at);
    return summariseBenefitAmounts(year, at ?? new Date().toISOString(), amounts);
  }
}
