import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';

/**
 * Downloads a file from the API with the session's token (a plain link cannot send it), then
 * saves it under the server's file name. A failure is shown in words next to the button.
 */
export function DownloadButton({ path, fileName, children }: { path: string; fileName: string; children: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await session.fetch(path, { headers: { Accept: 'text/csv' } });
      const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? fileName;
      saveBlob(await res.blob(), name);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button" onClick={download} disabled={busy}>
        {busy ? 'Preparing the file…' : children}
      </button>
      {error && (
        <p class="govuk-error-message" role="alert">
          <span class="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
    </>
  );
}

/** Offers a blob as a download. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
