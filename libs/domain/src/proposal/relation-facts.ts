import { Money } from '../money';

/** What the split-spend rule reads of a proposal; a read model keeps it so candidates are one query away. */
export interface RelationFacts {
  readonly proposalId: string;
  readonly programme: string | null;
  readonly department: string;
  readonly category: string;
  /** An ISO 8601 instant. */
  readonly draftedAt: string;
  readonly wholeLifeCost: Money;
  readonly status: string;
}
