import type { RecordedEvent } from '@ledger/event-store';
import { pounds, printable } from './readable';

type Data = Readonly<Record<string, unknown>>;

const AMOUNT = /^-?\d+(\.\d{1,2})?$/;

const text = (data: Data, field: string): string | null =>
  typeof data[field] === 'string' ? printable(data[field]) : null;

const money = (data: Data, field: string): string | null => {
  const value = data[field];
  return typeof value === 'string' && AMOUNT.test(value) ? pounds(value) : null;
};

/** Joins the parts that are there: events recorded by older or foreign writers may lack some. */
const parts = (...items: (string | null | false)[]): string =>
  items.filter((item): item is string => typeof item === 'string' && item !== '').join(', ');

const quoted = (value: string | null) => (value === null ? null : `"${value}"`);

const FIELD_NAMES: Readonly<Record<string, string>> = {
  title: 'title',
  summary: 'summary',
  department: 'department',
  category: 'category',
  fiscalYear: 'fiscal year',
  capitalCost: 'capital',
  annualRevenueCost: 'running cost a year',
  annualCashableSaving: 'savings a year',
  annualNonCashableBenefit: 'other benefits a year',
  appraisalYears: 'appraisal years',
  statutory: 'statutory',
  risks: 'risks',
  strategicObjectives: 'strategic objectives',
};

const MONEY_FIELDS = new Set([
  'capitalCost',
  'annualRevenueCost',
  'annualCashableSaving',
  'annualNonCashableBenefit',
]);

function fieldValue(field: string, value: unknown): string {
  if (typeof value === 'string' && MONEY_FIELDS.has(field) && AMOUNT.test(value))
    return pounds(value);
  if (typeof value === 'string') return `"${printable(value)}"`;
  if (Array.isArray(value)) return `[${value.map((item) => printable(String(item))).join('; ')}]`;
  return printable(String(value));
}

function costs(data: Data): string {
  const years = typeof data.appraisalYears === 'number' ? data.appraisalYears : null;
  return parts(
    money(data, 'capitalCost') && `capital ${money(data, 'capitalCost')}`,
    money(data, 'annualRevenueCost') && `running cost ${money(data, 'annualRevenueCost')} a year`,
    money(data, 'annualCashableSaving') && `savings ${money(data, 'annualCashableSaving')} a year`,
    money(data, 'annualNonCashableBenefit') &&
      `other benefits ${money(data, 'annualNonCashableBenefit')} a year`,
    years !== null && `over ${years} years`,
    data.statutory === true && 'statutory',
  );
}

function decision(data: Data): string {
  const snapshot = (data.snapshot ?? {}) as Data;
  const authority = text(snapshot, 'authority');
  const wholeLife = money(snapshot, 'wholeLifeCost');
  return parts(
    authority && `${authority} tier`,
    wholeLife && `whole-life cost ${wholeLife}`,
    typeof snapshot.proposalVersion === 'number' && `on version ${snapshot.proposalVersion}`,
  );
}

function withReason(summary: string, data: Data): string {
  const reason = text(data, 'reason');
  return reason ? `${summary}: ${reason}` : summary;
}

/** What an event says happened to a proposal, in a line a board member or auditor can read. */
export function describeProposalEvent(event: RecordedEvent): string {
  const data = (event.data ?? {}) as Data;
  switch (event.type) {
    case 'ProposalDrafted': {
      const where = parts(text(data, 'department'), text(data, 'fiscalYear'));
      return `drafted ${quoted(text(data, 'title')) ?? 'a proposal'}${where ? ` (${where})` : ''}${costs(data) ? `: ${costs(data)}` : ''}`;
    }
    case 'ProposalAmended': {
      const changes = (data.changes ?? {}) as Data;
      const changed = Object.entries(changes).map(
        ([field, value]) =>
          `${FIELD_NAMES[field] ?? printable(field)} to ${fieldValue(field, value)}`,
      );
      return changed.length === 0 ? 'amended nothing' : `amended ${changed.join(', ')}`;
    }
    case 'ProposalSubmitted':
      return 'submitted it for review and decision';
    case 'ReviewRecorded': {
      const scores = Object.values((data.scores ?? {}) as Data).filter(
        (score): score is number => typeof score === 'number',
      );
      const mean =
        scores.length > 0
          ? `mean score ${(scores.reduce((sum, score) => sum + score, 0) / scores.length).toFixed(1)} of 5`
          : null;
      return `${text(data, 'kind') ?? 'a'} review: ${parts(text(data, 'recommendation'), mean)}`;
    }
    case 'ConflictOfInterestDeclared': {
      const statement = text(data, 'statement');
      return `declared a conflict of interest${statement ? `: ${statement}` : ''}`;
    }
    case 'ProposalReturned':
      return withReason('returned it for revision', data);
    case 'ProposalWithdrawn':
      return withReason('withdrew it', data);
    case 'ProposalApproved': {
      const conditions =
        Array.isArray(data.conditions) && data.conditions.length > 0
          ? `conditions: ${data.conditions.map((condition) => printable(String(condition))).join('; ')}`
          : null;
      return withReason(
        `APPROVED ${money(data, 'approvedAmount') ?? ''}`.trimEnd() +
          (parts(decision(data), conditions) ? ` (${parts(decision(data), conditions)})` : ''),
        data,
      );
    }
    case 'ProposalRejected':
      return withReason(`REJECTED${decision(data) ? ` (${decision(data)})` : ''}`, data);
    case 'ProposalDeferred': {
      const until = text(data, 'deferredUntil');
      return withReason(
        `DEFERRED${until ? ` until ${until}` : ''}${decision(data) ? ` (${decision(data)})` : ''}`,
        data,
      );
    }
    case 'BenefitsRecorded': {
      const period = text(data, 'period');
      return `recorded benefits${period ? ` for ${period}` : ''}: ${parts(
        money(data, 'cashableSaving') && `savings ${money(data, 'cashableSaving')}`,
        money(data, 'nonCashableBenefit') && `other benefits ${money(data, 'nonCashableBenefit')}`,
      )}`;
    }
    default:
      // A kind of event this version of the CLI does not know: its name, in words.
      return printable(event.type.replace(/(?<=[a-z])(?=[A-Z])/g, ' ').toLowerCase());
  }
}
