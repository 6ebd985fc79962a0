import { useState } from 'react';
import type { DownloadedFile } from '../api/client';
import { ProblemMessage } from './feedback';

/** Hands a fetched file to the browser's downloads, as a link to it would; answers its name. */
export function saveFile({ blob, name }: DownloadedFile): string {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

/**
 * "Download … (CSV)" in GOV.UK link style. A button, not a link: the CSV needs the bearer token,
 * which a link cannot send, so it is fetched and then saved. Says when it is saved, or why not.
 */
export function CsvDownload({
  label,
  fetchFile,
}: {
  readonly label: string;
  readonly fetchFile: () => Promise<DownloadedFile>;
}) {
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  async function download() {
    setBusy(true);
    setSaved(null);
    setFailure(null);
    try {
      setSaved(saveFile(await fetchFile()));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <p className="govuk-body app-download">
        <button
          type="button"
          className="govuk-link app-link-button"
          disabled={busy}
          onClick={() => void download()}
        >
          {label} (CSV)
        </button>{' '}
        <span aria-live="polite" className="govuk-body-s">
          {busy ? 'Preparing the file…' : saved ? `Saved ${saved}.` : ''}
        </span>
      </p>
      {failure !== null && <ProblemMessage error={failure} />}
    </>
  );
}
