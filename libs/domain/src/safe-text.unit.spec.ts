import fc from 'fast-check';
import { InvalidField } from './domain.errors';
import { decidePolicy, initialPolicyState } from './policy/policy.decider';
import { PolicyCommand } from './policy/policy.commands';
import { ProposalCommand } from './proposal/proposal.commands';
import { proposalDecider } from './proposal/proposal.decider';
import { unsafeTextFault, type TextKind } from './safe-text';
import { deciderSpecification } from './testing/decider-specification';
import {
  aBoardMember,
  aDecision,
  aDraft,
  aFinanceOfficer,
  anAdmin,
  aProposer,
  aReview,
  aReviewedSubmission,
  by,
  PROPOSAL_ID,
  proposalApproved,
  proposalDrafted,
  proposalSubmitted,
} from './testing/fixtures';

/** The rule written out character by character, to check the patterns against. */
function isUnsafe(text: string, kind: TextKind): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : -1;
    const previous = i > 0 ? text.charCodeAt(i - 1) : -1;
    const isHigh = (u: number) => u >= 0xd800 && u <= 0xdbff;
    const isLow = (u: number) => u >= 0xdc00 && u <= 0xdfff;
    if (isHigh(unit) && !isLow(next)) return true;
    if (isLow(unit) && !isHigh(previous)) return true;
    if ((unit >= 0x202a && unit <= 0x202e) || (unit >= 0x2066 && unit <= 0x2069)) return true;
    const control = unit < 0x20 || (unit >= 0x7f && unit <= 0x9f);
    if (!control) continue;
    if (kind === 'single-line') return true;
    if (unit === 0x09 || unit === 0x0a) continue;
    if (unit === 0x0d && next === 0x0a) continue;
    return true;
  }
  return false;
}

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc
    .array(
      fc.constantFrom(
        'a',
        ' ',
        '\t',
        '\n',
        '\r',
        '\r\n',
        '\u0007',
        '\u202e',
        '\u2066',
        '\ud83d',
        '\ude00',
        '😀',
        'é',
        '\u0085',
        '\u007f',
      ),
      { maxLength: 12 },
    )
    .map((parts) => parts.join('')),
);

describe('unsafeTextFault', () => {
  it.each([
    ['plain text', 'Replace the core switches'],
    ['accented and non-Latin text', 'Café – Ωmega – 東京 – مرحبا'],
    ['astral characters (emoji)', 'Done 😀✅'],
    ['tabs and line feeds', 'Line one\n\tLine two\n'],
    ['CR LF from a browser textarea', 'Line one\r\nLine two\r\n'],
    ['left-to-right and right-to-left marks', 'abc\u200Fdef\u200E'],
    ['the empty text', ''],
  ])('accepts %s', (_label, text) => {
    expect(unsafeTextFault(text)).toBeNull();
  });

  it.each([
    ['a bell', 'Ring\u0007', 'a control character (U+0007 at character 5)'],
    ['an escape sequence', 'Red \u001b[31mtext', 'a control character (U+001B at character 5)'],
    ['DEL', 'x\u007f', 'a control character (U+007F at character 2)'],
    ['a C1 control (NEL)', 'x\u0085y', 'a control character (U+0085 at character 2)'],
    ['a form feed', 'a\fb', 'a control character (U+000C at character 2)'],
    ['NUL', 'a\u0000', 'a control character (U+0000 at character 2)'],
    [
      'a lone CR',
      'a\rb',
      'a carriage return that is not followed by a line feed (U+000D at character 2)',
    ],
    [
      'a CR at the end',
      'a\r',
      'a carriage return that is not followed by a line feed (U+000D at character 2)',
    ],
    [
      'a right-to-left override',
      'invoice\u202Efdp.exe',
      'a bidirectional override or isolate (U+202E at character 8)',
    ],
    [
      'a left-to-right embedding',
      '\u202Aa',
      'a bidirectional override or isolate (U+202A at character 1)',
    ],
    [
      'a first-strong isolate',
      'a\u2068b',
      'a bidirectional override or isolate (U+2068 at character 2)',
    ],
    [
      'a pop directional isolate',
      'a\u2069',
      'a bidirectional override or isolate (U+2069 at character 2)',
    ],
    [
      'a lone high surrogate',
      'a\ud800b',
      'a lone surrogate (half of a character) (U+D800 at character 2)',
    ],
    [
      'a lone low surrogate',
      '\udc00',
      'a lone surrogate (half of a character) (U+DC00 at character 1)',
    ],
    [
      'surrogates in the wrong order',
      '\ude00\ud83d',
      'a lone surrogate (half of a character) (U+DE00 at character 1)',
    ],
  ])('refuses %s, naming the character and where it is', (_label, text, fault) => {
    expect(unsafeTextFault(text)).toBe(`must not contain ${fault}`);
  });

  it('refuses line breaks and tabs in one-line text such as a name', () => {
    expect(unsafeTextFault('Alice\nSmith', 'single-line')).toBe(
      'must not contain a line break or tab (U+000A at character 6)',
    );
    expect(unsafeTextFault('Alice\tSmith', 'single-line')).not.toBeNull();
    expect(unsafeTextFault('Alice\r\nSmith', 'single-line')).not.toBeNull();
    expect(unsafeTextFault('Alice Smith-Jones 😀', 'single-line')).toBeNull();
  });

  it('never quotes the text back', () => {
    expect(unsafeTextFault('secret\u0007')).not.toContain('secret');
  });

  it('agrees with the rule written out character by character, for any text', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom<TextKind>('multiline', 'single-line'), (text, kind) => {
        expect(unsafeTextFault(text, kind) !== null).toBe(isUnsafe(text, kind));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('text fields of commands', () => {
  const { given } = deciderSpecification(proposalDecider);
  const drafted = proposalDrafted();
  const submitted = [drafted, proposalSubmitted()];
  const HIDDEN = 'Approve \u202Eevil\u202C now';

  it.each([
    ['title', { title: HIDDEN }],
    ['summary', { summary: 'Fine\u0007' }],
    ['department', { department: 'Digital\rServices' }],
    ['risks', { risks: 'Lock-in \ud800' }],
    ['strategicObjectives[1]', { strategicObjectives: ['Net zero', 'Cloud\u2066 first'] }],
  ])('a draft refuses unsafe text in %s, naming the field', (field, override) => {
    given([])
      .when(aDraft(override))
      .thenThrows(InvalidField, (error) => {
        expect(error.field).toBe(field);
        expect(error.message).toMatch(
          new RegExp(`^${field.replace(/[[\]]/g, '\\$&')} must not contain`),
        );
      });
  });

  it('a draft keeps multi-line text typed in a browser (CR LF), tabs and any script', () => {
    const summary = 'Why:\r\n\t– switches fail monthly\r\nمرحبا 東京 😀';
    const [event] = proposalDecider.decide(aDraft({ summary }), proposalDecider.initialState());
    expect(event.data).toMatchObject({ summary });
  });

  const commands: [string, string, ProposalCommand][] = [
    ['a review', 'comments', aReview({ comments: 'Good\u001b[2J' })],
    [
      'a conflict declaration',
      'statement',
      {
        type: 'DeclareConflictOfInterest',
        data: { proposalId: PROPOSAL_ID, statement: 'My\u202Ebrother' },
        metadata: by(aBoardMember()),
      },
    ],
    [
      'a return for revision',
      'reason',
      {
        type: 'ReturnProposal',
        data: { proposalId: PROPOSAL_ID, reason: 'Get\u0000 a quote' },
        metadata: by(aBoardMember()),
      },
    ],
    ['a decision', 'reason', aDecision({ reason: 'Sound\u0085case' })],
    ['a decision', 'meetingRef', aDecision({ meetingRef: 'IB\u20672026' })],
    ['a decision', 'conditions[1]', aDecision({ conditions: ['ok', 'then\rstop'] })],
  ];

  it.each(commands)('%s refuses unsafe text in %s, naming the field', (_label, field, command) => {
    const history =
      command.type === 'RecordReview' ||
      command.type === 'DeclareConflictOfInterest' ||
      command.type === 'ReturnProposal'
        ? submitted
        : aReviewedSubmission();
    given(history)
      .when(command)
      .thenThrows(InvalidField, (error) => expect(error.field).toBe(field));
  });

  it('withdrawing and recording benefits refuse unsafe text too', () => {
    given(submitted)
      .when({
        type: 'WithdrawProposal',
        data: { proposalId: PROPOSAL_ID, reason: 'Gone\u2069' },
        metadata: by(aProposer()),
      })
      .thenThrows(InvalidField, (error) => expect(error.field).toBe('reason'));
    given([...aReviewedSubmission(), proposalApproved()])
      .when({
        type: 'RecordBenefits',
        data: {
          proposalId: PROPOSAL_ID,
          period: '2027-28',
          cashableSaving: '1.00',
          nonCashableBenefit: '0',
          note: 'x\u0008',
        },
        metadata: by(aFinanceOfficer()),
      })
      .thenThrows(InvalidField, (error) => expect(error.field).toBe('note'));
  });

  it('a policy refuses an unsafe delegation authority', () => {
    const command: PolicyCommand = {
      type: 'AdoptPolicy',
      data: {
        delegation: [{ authority: 'cabinet\u202E', upTo: null }],
        requiredReviewKinds: ['financial'],
        criteriaWeights: {},
      },
      metadata: by(anAdmin()),
    };
    expect(() => decidePolicy(command, initialPolicyState())).toThrow(
      expect.objectContaining({ field: 'delegation[0].authority' }),
    );
  });
});
