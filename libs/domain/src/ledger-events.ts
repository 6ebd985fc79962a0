import { BUDGET_EVENTS, BudgetEvent, parseBudgetStream } from './budget/budget.events';
import { eventFromRecord, StoredEventRecord } from './event-registry';
import { isPolicyStream, POLICY_EVENTS, PolicyEvent } from './policy/policy.events';
import { parseProposalStream, PROPOSAL_EVENTS, ProposalEvent } from './proposal/proposal.events';
import { parseScenarioStream, SCENARIO_EVENTS, ScenarioEvent } from './scenario/scenario.events';
import {
  parseScenarioAdoptionsStream,
  SCENARIO_ADOPTION_EVENTS,
  ScenarioAdoptionEvent,
} from './scenario/scenario-adoptions';

/** Every event type the ledger records, whatever its stream: what a reader of the whole log meets. */
export const LEDGER_EVENTS = PROPOSAL_EVENTS.with(BUDGET_EVENTS)
  .with(POLICY_EVENTS)
  .with(SCENARIO_EVENTS)
  .with(SCENARIO_ADOPTION_EVENTS);

export type LedgerEvent =
  | ProposalEvent
  | BudgetEvent
  | PolicyEvent
  | ScenarioEvent
  | ScenarioAdoptionEvent;

/** A stored event from anywhere in the log, checked against its type's schema. */
export function parseLedgerEvent(recorded: StoredEventRecord): LedgerEvent {
  return eventFromRecord(LEDGER_EVENTS, recorded);
}

export type LedgerStream =
  | { readonly kind: 'proposal'; readonly proposalId: string }
  | { readonly kind: 'budget'; readonly fiscalYear: string }
  | { readonly kind: 'policy' }
  | { readonly kind: 'scenario'; readonly scenarioId: string }
  | { readonly kind: 'scenario-adoptions'; readonly fiscalYear: string };

/** What a stream id names; null for a stream this ledger does not write. */
export function parseStream(streamId: string): LedgerStream | null {
  const proposalId = parseProposalStream(streamId);
  if (proposalId !== null) return { kind: 'proposal', proposalId };
  const fiscalYear = parseBudgetStream(streamId);
  if (fiscalYear !== null) return { kind: 'budget', fiscalYear };
  if (isPolicyStream(streamId)) return { kind: 'policy' };
  const scenarioId = parseScenarioStream(streamId);
  if (scenarioId !== null) return { kind: 'scenario', scenarioId };
  const adoptionsYear = parseScenarioAdoptionsStream(streamId);
  return adoptionsYear !== null ? { kind: 'scenario-adoptions', fiscalYear: adoptionsYear } : null;
}
