import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { forwardPlan, ReadModelDatabase, type ForwardPlanEntry } from '@ledger/read-models';

export interface ForwardPlanView {
  readonly from: string | null;
  readonly to: string | null;
  readonly items: readonly ForwardPlanEntry[];
}

/** Key decisions due between two dates (inclusive; either may be left open), from the read model. */
export class ForwardPlanQuery extends Query<ForwardPlanView> {
  constructor(readonly range: { readonly from?: string; readonly to?: string }) {
    super();
  }
}

@QueryHandler(ForwardPlanQuery)
export class ForwardPlanHandler implements IQueryHandler<ForwardPlanQuery> {
  constructor(private readonly database: ReadModelDatabase) {}

  async execute({ range }: ForwardPlanQuery): Promise<ForwardPlanView> {
    return {
      from: range.from ?? null,
      to: range.to ?? null,
      items: await forwardPlan(this.database, range),
    };
  }
}
