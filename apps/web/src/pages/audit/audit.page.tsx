import { EVENT_TITLES } from '../proposal/proposal-history';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { ApiError } from '../../api/client';
import type { Digest, DigestCheck, Verification, VerifyProgress } from '../../api/types';
import { saveFile } from '../../components/csv-download';
import { ErrorSummary, Loading, ProblemMessage } from '../../components/feedback';
import { usePageTitle } from '../../components/layout';
import { ukDateTime } from '../../format';
import { useApi } from '../../session/session';

const LOG_PAGE = 25;

export function AuditPage() {
  usePageTitle('Audit');
  return (
    <>
      <h1 className="govuk-heading-l">Audit</h1>
      <p className="govuk-body">
        Every fact in this ledger is an event in one log, each chained to the one before by its
        hash. Check that nobody altered it, keep a digest outside the system, and take the log away
        in an open format.
      </p>
      <VerifyChain />
      <TakeDigest />
      <CheckDigest />
      <Exports />
      <GlobalLog />
    </>
  );
}

function VerifyChain() {
  const api = useApi();
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<VerifyProgress | null>(null);
  const [result, setResult] = useState<{ verification: Verification; seconds: number } | null>(
    null,
  );
  const [failure, setFailure] = useState<unknown>(null);

  async function verify() {
    setResult(null);
    setFailure(null);
    setProgress(null);
    setRunning(true);
    const started = performance.now();
    try {
      const verification = await api.verifyWithProgress(setProgress);
      // A broken chain's verdict says how far the walk got; a bar stopped short beside it would not.
      if (!verification.ok) setProgress(null);
      setResult({ verification, seconds: (performance.now() - started) / 1000 });
    } catch (error) {
      setFailure(error);
    } finally {
      setRunning(false);
    }
  }

  return (
    <section aria-labelledby="verify-heading">
      <h2 className="govuk-heading-m" id="verify-heading">
        Verify the chain
      </h2>
      <p className="govuk-body">
        Recomputes every event&apos;s hash from position 1 and follows the chain to the head.
      </p>
      <button type="button" className="govuk-button" onClick={verify} disabled={running}>
        Verify the whole log
      </button>
      <div aria-live="polite">
        {(running || progress) && (
          <div role="status" className="govuk-form-group" data-testid="verify-progress">
            <label className="govuk-label" htmlFor="verify-progress">
              {progress ? progressText(progress) : 'Starting the check…'}
            </label>
            <progress
              id="verify-progress"
              className="app-progress"
              max={progress?.headPosition || undefined}
              value={progress?.headPosition ? progress.checked : undefined}
            />
          </div>
        )}
        {result && <VerificationResult {...result} />}
      </div>
      {failure !== null && <ProblemMessage error={failure} />}
    </section>
  );
}

/** "Checked 12,000 of 40,000 events (30%)": 100% only once every event is checked. */
function progressText({ checked, headPosition }: VerifyProgress): string {
  const percent = headPosition > 0 ? Math.floor((checked * 100) / headPosition) : 100;
  return `Checked ${checked.toLocaleString('en-GB')} of ${headPosition.toLocaleString('en-GB')} events (${percent}%)`;
}

function VerificationResult({
  verification,
  seconds,
}: {
  readonly verification: Verification;
  readonly seconds: number;
}) {
  if (verification.ok) {
    return (
      <div className="govuk-panel govuk-panel--confirmation" data-testid="verify-result">
        <h3 className="govuk-panel__title">The chain is intact</h3>
        <div className="govuk-panel__body">
          {verification.checked.toLocaleString('en-GB')} events checked in {seconds.toFixed(1)}{' '}
          seconds, up to position {verification.headPosition.toLocaleString('en-GB')}
          <br />
          <span className="app-hash">Head hash {verification.headHash}</span>
        </div>
      </div>
    );
  }
  return (
    <div data-testid="verify-result">
      <ErrorSummary
        title="The chain is broken"
        detail={`The first event that fails is at position ${verification.firstInvalidPosition.toLocaleString('en-GB')}: ${verification.reason}. ${verification.checked.toLocaleString('en-GB')} events before it verified.`}
        errors={[]}
      />
    </div>
  );
}

function TakeDigest() {
  const api = useApi();
  const [digest, setDigest] = useState<Digest | null>(null);
  const [copied, setCopied] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const text = digest
    ? JSON.stringify({
        position: digest.position,
        hash: digest.hash,
        recordedAt: digest.recordedAt,
      })
    : '';

  async function take() {
    setFailure(null);
    setCopied(false);
    try {
      setDigest(await api.digest());
    } catch (error) {
      setFailure(error);
    }
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      // Without clipboard permission the person copies the selected text themselves.
      (document.getElementById('digest-text') as HTMLTextAreaElement | null)?.select();
    }
  }

  return (
    <section aria-labelledby="digest-heading">
      <h2 className="govuk-heading-m" id="digest-heading">
        Take a digest
      </h2>
      <p className="govuk-body">
        The position and hash of the head of the log. Keep it outside this system (in your working
        papers, or an email to yourself): a history rewritten later would no longer hold it.
      </p>
      <button type="button" className="govuk-button govuk-button--secondary" onClick={take}>
        Take a digest now
      </button>
      {failure !== null && <ProblemMessage error={failure} />}
      {digest && (
        <>
          <dl className="govuk-summary-list" data-testid="digest">
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Position</dt>
              <dd className="govuk-summary-list__value">{digest.position}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Hash</dt>
              <dd className="govuk-summary-list__value app-hash">{digest.hash}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Recorded</dt>
              <dd className="govuk-summary-list__value">{ukDateTime(digest.recordedAt)}</dd>
            </div>
          </dl>
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor="digest-text">
              The digest to keep
            </label>
            <textarea
              className="govuk-textarea app-hash"
              id="digest-text"
              rows={3}
              readOnly
              value={text}
            />
          </div>
          <button type="button" className="govuk-button govuk-button--secondary" onClick={copy}>
            Copy the digest
          </button>
          {copied && (
            <p className="govuk-body" role="status">
              Copied.
            </p>
          )}
        </>
      )}
    </section>
  );
}

function CheckDigest() {
  const api = useApi();
  const [position, setPosition] = useState('');
  const [hash, setHash] = useState('');
  const [result, setResult] = useState<DigestCheck | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  async function check(event: FormEvent) {
    event.preventDefault();
    setResult(null);
    setFailure(null);
    try {
      setResult(await api.checkDigest(Number(position.trim()), hash.trim()));
    } catch (error) {
      setFailure(error);
    }
  }

  const fieldErrors = failure instanceof ApiError ? (failure.problem.errors ?? []) : [];
  const errorFor = (field: string) => fieldErrors.find((error) => error.field === field)?.message;
  return (
    <section aria-labelledby="check-heading">
      <h2 className="govuk-heading-m" id="check-heading">
        Check a digest kept earlier
      </h2>
      {failure !== null && <ProblemMessage error={failure} />}
      <form onSubmit={check} noValidate>
        <div
          className={`govuk-form-group${errorFor('position') ? ' govuk-form-group--error' : ''}`}
        >
          <label className="govuk-label" htmlFor="check-position">
            Position
          </label>
          {errorFor('position') && <p className="govuk-error-message">{errorFor('position')}</p>}
          <input
            className="govuk-input govuk-input--width-10"
            id="check-position"
            inputMode="numeric"
            value={position}
            onChange={(event) => setPosition(event.target.value)}
          />
        </div>
        <div className={`govuk-form-group${errorFor('hash') ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label" htmlFor="check-hash">
            Hash
          </label>
          {errorFor('hash') && <p className="govuk-error-message">{errorFor('hash')}</p>}
          <input
            className="govuk-input app-hash"
            id="check-hash"
            spellCheck={false}
            value={hash}
            onChange={(event) => setHash(event.target.value)}
          />
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary">
          Check the digest
        </button>
      </form>
      <div aria-live="polite" data-testid="digest-check">
        {result &&
          (result.ok ? (
            <div className="govuk-panel govuk-panel--confirmation">
              <h3 className="govuk-panel__title">The log still holds this digest</h3>
              <div className="govuk-panel__body">Position {result.position} has the same hash.</div>
            </div>
          ) : (
            <ErrorSummary
              title="The log does not hold this digest"
              detail={digestMismatch(result)}
              errors={[]}
            />
          ))}
      </div>
    </section>
  );
}

function Exports() {
  const api = useApi();
  const [busy, setBusy] = useState<'jsonl' | 'csv' | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  async function download(format: 'jsonl' | 'csv') {
    setBusy(format);
    setFailure(null);
    try {
      setSaved(saveFile(await api.exportFile(format)));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="export-heading">
      <h2 className="govuk-heading-m" id="export-heading">
        Export the log
      </h2>
      <p className="govuk-body">
        JSON lines hold every event exactly as stored, so anyone can check the chain without this
        software (<code>ledger verify --file</code>). CSV is for spreadsheets.
      </p>
      <div className="govuk-button-group">
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          disabled={busy !== null}
          onClick={() => download('jsonl')}
        >
          Download JSON lines
        </button>
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          disabled={busy !== null}
          onClick={() => download('csv')}
        >
          Download CSV
        </button>
      </div>
      <div aria-live="polite">
        {busy && (
          <p className="govuk-body">
            Preparing the {busy === 'csv' ? 'CSV' : 'JSON lines'} export…
          </p>
        )}
        {saved && <p className="govuk-body">Saved {saved}.</p>}
      </div>
      {failure !== null && <ProblemMessage error={failure} />}
    </section>
  );
}

function streamLink(streamId: string) {
  const match = /^proposal-([0-9a-f-]{36})$/.exec(streamId);
  return match ? (
    <Link className="govuk-link" href={`/proposals/${match[1]}`}>
      {streamId}
    </Link>
  ) : (
    streamId
  );
}

function GlobalLog() {
  const api = useApi();
  const [afters, setAfters] = useState<number[]>([0]);
  const after = afters[afters.length - 1];
  const page = useQuery({
    queryKey: ['audit-log', after],
    queryFn: () => api.log(after, LOG_PAGE),
  });
  return (
    <section aria-labelledby="log-heading">
      <h2 className="govuk-heading-m" id="log-heading">
        The global log
      </h2>
      {page.isPending && <Loading what="the log" />}
      {page.isError && <ProblemMessage error={page.error} />}
      {page.data && (
        <>
          <table className="govuk-table app-table">
            <caption className="govuk-table__caption govuk-table__caption--s">
              {page.data.events.length === 0
                ? 'No events'
                : `Positions ${page.data.events[0].position} to ${page.data.events[page.data.events.length - 1].position}`}
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Position
                </th>
                <th scope="col" className="govuk-table__header">
                  Recorded
                </th>
                <th scope="col" className="govuk-table__header">
                  Event
                </th>
                <th scope="col" className="govuk-table__header">
                  By
                </th>
                <th scope="col" className="govuk-table__header">
                  Hash
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {page.data.events.map((event) => (
                <tr className="govuk-table__row" key={event.position}>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{event.position}</td>
                  <td className="govuk-table__cell">{ukDateTime(event.recordedAt)}</td>
                  <td className="govuk-table__cell">
                    {EVENT_TITLES[event.type] ?? event.type}
                    {EVENT_TITLES[event.type] && (
                      <span className="govuk-body-s"> ({event.type})</span>
                    )}
                    <br />
                    <span className="govuk-body-s">
                      {streamLink(event.streamId)}, version {event.version}
                    </span>
                  </td>
                  <td className="govuk-table__cell">{event.actor.name}</td>
                  <td className="govuk-table__cell app-hash" title={event.hash}>
                    {event.hash.slice(0, 16)}…
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav className="govuk-pagination govuk-pagination--block" aria-label="Pages of the log">
            {afters.length > 1 && (
              <div className="govuk-pagination__prev">
                <button
                  type="button"
                  className="govuk-button govuk-button--secondary"
                  onClick={() => setAfters(afters.slice(0, -1))}
                >
                  Earlier events
                </button>
              </div>
            )}
            {page.data.nextAfter !== null && page.data.events.length > 0 && (
              <div className="govuk-pagination__next">
                <button
                  type="button"
                  className="govuk-button govuk-button--secondary"
                  onClick={() => setAfters([...afters, page.data.nextAfter!])}
                >
                  Later events
                </button>
              </div>
            )}
          </nav>
        </>
      )}
    </section>
  );
}

/** Why the log does not hold a digest, from the ledger's reason, in words an auditor can act on. */
function digestMismatch(result: Extract<DigestCheck, { ok: false }>): string {
  const position = result.position.toLocaleString('en-GB');
  switch (result.reason) {
    case 'beyond-head':
      return `The log ends at position ${(result.headPosition ?? 0).toLocaleString('en-GB')}, before position ${position}: events recorded after that were cut off, or this is another ledger's log.`;
    case 'hash-differs':
      return `Position ${position} holds another event, with the hash ${result.heldHash ?? '(not given)'}: the history up to that position was rewritten after the digest was taken.`;
    case 'position-missing':
      return `The log goes on to position ${(result.headPosition ?? 0).toLocaleString('en-GB')}, but nothing stands at position ${position}: events were removed from the middle of the log.`;
    default:
      return `The log does not hold position ${position} with this hash.`;
  }
}
