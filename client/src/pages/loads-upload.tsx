import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, networkError } from '../api/api-error.js';
import { session } from '../api/session.js';
import { Loading } from '../components/coming-soon.js';
import { PageError } from '../components/page-error.js';
import { ErrorSummary, type FieldError } from '../components/error-summary.js';
import { useResource } from '../components/use-resource.js';
import { Link, navigate, type Route } from '../router.js';
import { OwnedOptions } from '../components/owned-options.js';
import { formatDateTime } from '../format.js';
import { adapterLabel, type Feed, feedChoices, feedDatasetLabel, formatBytes, type Load, type LoadPage, POLICY_SENTENCES } from './loads-types.js';

/** Files up to this size are fingerprinted in the browser to find an earlier load of the same bytes. */
const FINGERPRINT_MAX_BYTES = 100 * 1024 * 1024;

/** SHA-256 of the file (as the hub computes it), or null when it is too big or the browser cannot. */
async function sha256Of(file: File): Promise<string | null> {
  if (file.size > FINGERPRINT_MAX_BYTES || !globalThis.crypto?.subtle) return null;
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The succeeded load of exactly this file into the chosen feed, if there is one: looked up before anything is sent. */
function useEarlierLoad(feed: string, file: File | null): Load | null {
  const [earlier, setEarlier] = useState<Load | null>(null);
  useEffect(() => {
    setEarlier(null);
    if (!feed || !file) return;
    let live = true;
    void sha256Of(file)
      .then((sha) => (sha ? session.request<LoadPage>('GET', `/api/loads/history?feed=${encodeURIComponent(feed)}&sha256=${sha}&status=succeeded&pageSize=1`) : null))
      .then((page) => live && setEarlier(page?.loads[0] ?? null))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [feed, file]);
  return earlier;
}
import { useTitle } from './use-title.js';

/**
 * Sends a file to `POST /api/feeds/:slug/loads` as multipart. XMLHttpRequest rather than fetch:
 * fetch has no upload progress events. Resolves with the queued load; rejects with an ApiError.
 */
export function uploadFile(feed: string, file: File, onProgress: (fraction: number) => void, preview = false): { done: Promise<Load>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<Load>((resolve, reject) => {
    xhr.open('POST', `/api/feeds/${encodeURIComponent(feed)}/loads`);
    xhr.setRequestHeader('Accept', 'application/json');
    if (session.accessToken) xhr.setRequestHeader('Authorization', `Bearer ${session.accessToken}`);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(networkError());
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'The upload was cancelled.'));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) return resolve(body as Load);
      const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
      const message = error?.message ?? (xhr.status === 413 ? 'The file is too large to load.' : 'The hub could not take the file. Try again later.');
      if (xhr.status === 401) session.end(message);
      reject(new ApiError(xhr.status, error?.code ?? `http_${xhr.status}`, message));
    };
    const form = new FormData();
    // Before the file, so the server has it when the file arrives.
    form.append('preview', String(preview));
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

/** Upload a file to a feed, with a progress bar; on acceptance, go to the load to watch it. */
export function UploadPage({ route }: { route: Route }) {
  const feeds = useResource<Feed[]>('/api/feeds');
  const [feed, setFeed] = useState(route.params.get('feed') ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [progress, setProgress] = useState<number | null>(null);
  const upload = useRef<{ abort: () => void } | null>(null);
  const earlier = useEarlierLoad(feed, file);
  // GOV.UK: a form with errors says so in the page title, which screen readers announce first.
  useTitle(errors.length ? 'Error: Upload a file' : 'Upload a file');

  if (feeds.error) return <PageError title="Upload a file" message={feeds.error} back={{ href: '/loads', label: 'Back to loads' }} />;
  if (!feeds.data) return <Loading what="Loading feeds" />;
  const chosen = feeds.data.find((f) => f.slug === feed);

  const submit = async (event: Event) => {
    event.preventDefault();
    const problems: FieldError[] = [];
    if (!feed) problems.push({ field: 'upload-feed', message: 'Select the feed the file belongs to' });
    if (!file) problems.push({ field: 'upload-file', message: 'Select a file to upload' });
    else if (file.size === 0) problems.push({ field: 'upload-file', message: 'The selected file is empty' });
    setErrors(problems);
    if (problems.length || !file) return;
    setProgress(0);
    const started = uploadFile(feed, file, setProgress, preview || Boolean(chosen?.previewBeforePublish));
    upload.current = started;
    try {
      const load = await started.done;
      navigate(`/loads/${load.id}?uploaded=1`);
    } catch (err) {
      setErrors([{ field: 'upload-file', message: err instanceof ApiError ? err.message : 'The upload failed. Try again.' }]);
      setProgress(null);
    } finally {
      upload.current = null;
    }
  };
  const err = (field: string) => errors.find((e) => e.field === field)?.message;

  return (
    <form noValidate onSubmit={submit}>
      <ErrorSummary errors={errors} />
      <h1 class="govuk-heading-l">Upload a file</h1>
      <div class={`govuk-form-group${err('upload-feed') ? ' govuk-form-group--error' : ''}`}>
        <label class="govuk-label govuk-label--s" for="upload-feed">
          Feed
        </label>
        <div class="govuk-hint" id="upload-feed-hint">
          The feed knows the file’s format, its column mapping and which dataset it fills.
        </div>
        {err('upload-feed') && (
          <p class="govuk-error-message" id="upload-feed-error">
            <span class="govuk-visually-hidden">Error:</span> {err('upload-feed')}
          </p>
        )}
        <select class={`govuk-select${err('upload-feed') ? ' govuk-select--error' : ''}`} id="upload-feed" value={feed} aria-describedby="upload-feed-hint" onChange={(e) => setFeed(e.currentTarget.value)}>
          <option value="">Select a feed</option>
          <OwnedOptions choices={feedChoices(feeds.data)} />
        </select>
      </div>
      {chosen && (
        <div class="govuk-inset-text">
          Fills <strong>{feedDatasetLabel(chosen)}</strong> from files in the {adapterLabel(chosen.adapter)} format. {POLICY_SENTENCES[chosen.policy]}
        </div>
      )}
      <div class={`govuk-form-group${err('upload-file') ? ' govuk-form-group--error' : ''}`}>
        <label class="govuk-label govuk-label--s" for="upload-file">
          File
        </label>
        <div class="govuk-hint" id="upload-file-hint">
          CSV, or an Excel workbook for spreadsheet feeds. Rows that do not fit are set aside and reported, not loaded.
        </div>
        {err('upload-file') && (
          <p class="govuk-error-message" id="upload-file-error">
            <span class="govuk-visually-hidden">Error:</span> {err('upload-file')}
          </p>
        )}
        <input
          class={`govuk-file-upload${err('upload-file') ? ' govuk-file-upload--error' : ''}`}
          id="upload-file"
          type="file"
          aria-describedby="upload-file-hint"
          onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
        />
        {file && <p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">{formatBytes(file.size)}</p>}
      </div>
      {earlier && (
        <div class="govuk-warning-text" data-testid="already-loaded">
          <span class="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">Warning</span>
            This exact file was loaded on {formatDateTime(earlier.queuedAt)} (<Link href={`/loads/${earlier.id}`}>{earlier.file}</Link>). Loading it again adds nothing: the hub
            records it as a duplicate.
          </strong>
        </div>
      )}
      <div class="govuk-form-group">
        <div class="govuk-checkboxes govuk-checkboxes--small">
          <div class="govuk-checkboxes__item">
            <input
              class="govuk-checkboxes__input"
              id="upload-preview"
              type="checkbox"
              checked={preview || Boolean(chosen?.previewBeforePublish)}
              disabled={Boolean(chosen?.previewBeforePublish)}
              aria-describedby="upload-preview-hint"
              onChange={(e) => setPreview(e.currentTarget.checked)}
            />
            <label class="govuk-label govuk-checkboxes__label" for="upload-preview">
              Show me what will change before publishing
            </label>
            <div class="govuk-hint govuk-checkboxes__hint" id="upload-preview-hint">
              {chosen?.previewBeforePublish
                ? 'This feed’s loads always wait for you to check them.'
                : 'The file is checked and counted, then waits: months and areas, rows to add and to replace, rows set aside. Nothing changes until you publish it.'}
            </div>
          </div>
        </div>
      </div>
      {progress !== null && (
        <div class="govuk-form-group" data-testid="upload-progress">
          <label class="govuk-label" for="upload-progress-bar">
            Uploading {file?.name}
          </label>
          <progress class="app-progress" id="upload-progress-bar" max={100} value={Math.round(progress * 100)} />
          <p class="govuk-body-s" aria-live="polite">
            {Math.round(progress * 100)}% sent{progress >= 1 ? ': waiting for the hub to queue the load…' : ''}
          </p>
        </div>
      )}
      <div class="govuk-button-group">
        <button type="submit" class="govuk-button" data-module="govuk-button" disabled={progress !== null}>
          Upload and load
        </button>
        {progress !== null ? (
          <button type="button" class="govuk-button govuk-button--secondary" onClick={() => upload.current?.abort()}>
            Cancel upload
          </button>
        ) : (
          <Link class="govuk-link" href="/loads">
            Cancel
          </Link>
        )}
      </div>
    </form>
  );
}
