import { useEffect, useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';
import { LoadError, Loading } from '../components/coming-soon.js';
import { parseCsv } from '../components/csv-table.js';
import { plural } from '../format.js';
import { formatCount, type Load } from './loads-types.js';

/** Rejected rows shown on the page; the download has them all. */
const PREVIEW_ROWS = 20;

/** One rejected row as the rejects CSV gives it (`row, line, reasons, values`). */
export interface Reject {
  /** Data row number (1 = the first row after the header), or null for a line that could not be read. */
  row: number | null;
  line: number | null;
  reasons: string[];
  /** Each column of the file with the text read from it (null: empty). */
  values: [string, string | null][];
}

/** Reads the rejects CSV into rows; values that are not a JSON object are shown as one "Line" value. */
export function readRejects(csv: string, limit: number): Reject[] {
  const [header = [], ...body] = parseCsv(csv, limit + 1);
  const at = (name: string) => header.indexOf(name);
  return body.map((cells) => {
    const rawValues = cells[at('values')] ?? '';
    let values: [string, string | null][];
    try {
      const parsed = JSON.parse(rawValues) as Record<string, unknown>;
      values = Object.entries(parsed).map(([k, v]) => [k, v === null || v === undefined ? null : String(v)]);
    } catch {
      values = rawValues ? [['Line', rawValues]] : [];
    }
    const number = (s: string | undefined) => (s && /^\d+$/.test(s) ? Number(s) : null);
    return { row: number(cells[at('row')]), line: number(cells[at('line')]), reasons: (cells[at('reasons')] ?? '').split('; ').filter(Boolean), values };
  });
}

/** The first rejected rows of a load, each with why it was set aside and what the file said; the whole file to download. */
export function Rejects({ load, limit = PREVIEW_ROWS, heading = true }: { load: Load; limit?: number; heading?: boolean }) {
  const [rows, setRows] = useState<Reject[] | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    let objectUrl: string | null = null;
    session
      .fetch(`/api/loads/${load.id}/rejects`, { headers: { Accept: 'text/csv' } })
      .then((res) => res.blob())
      .then(async (blob) => {
        if (!live) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
        setRows(readRejects(await blob.text(), limit));
      })
      .catch((err) => live && setError(messageOf(err)));
    return () => {
      live = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [load.id, limit]);

  const name = `${load.file.replace(/\.[^.]+$/, '')}-rejects.csv`;
  const caption = `Rejected rows from ${load.file}`;
  return (
    <section aria-labelledby="rejects-heading">
      <h2 class={heading ? 'govuk-heading-m' : 'govuk-visually-hidden'} id="rejects-heading">
        Rejected rows
      </h2>
      {error && <LoadError message={error} />}
      {!rows && !error && <Loading what="Loading the rejected rows" />}
      {rows && (
        <>
          <p class="govuk-body">
            {load.rowsRejected > limit ? `The first ${limit} of ${formatCount(load.rowsRejected)} rejected rows` : 'Every rejected row'}, with why it
            did not fit and what the file said. Rows are counted from the first row after the header. Nothing from these rows was loaded: fix them in the source and
            load the file again.
          </p>
          <div class="app-table-scroll" tabIndex={0} role="region" aria-label={caption}>
            <table class="govuk-table govuk-table--small-text-until-tablet" data-testid="rejects-table">
              <caption class="govuk-table__caption govuk-table__caption--s">{caption}</caption>
              <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                  <th scope="col" class="govuk-table__header">
                    Row
                  </th>
                  <th scope="col" class="govuk-table__header">
                    Why it was set aside
                  </th>
                  <th scope="col" class="govuk-table__header">
                    What the file said
                  </th>
                </tr>
              </thead>
              <tbody class="govuk-table__body">
                {rows.map((r, i) => (
                  <tr class="govuk-table__row" key={i}>
                    <td class="govuk-table__cell">{r.row ?? (r.line !== null ? `line ${r.line}` : '')}</td>
                    <td class="govuk-table__cell">
                      {r.reasons.map((reason) => (
                        <p class="govuk-body-s govuk-!-margin-bottom-1" key={reason}>
                          {reason}
                        </p>
                      ))}
                    </td>
                    <td class="govuk-table__cell">
                      <Values reject={r} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {url && (
            <p class="govuk-body">
              <a class="govuk-link" href={url} download={name} data-testid="rejects-download">
                Download {load.rowsRejected === 1 ? 'the rejected row' : `all ${plural(load.rowsRejected, 'rejected row')}`} (CSV)
              </a>
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** The row's values, the columns its reasons name first and in bold. */
function Values({ reject }: { reject: Reject }) {
  const named = (column: string) => reject.reasons.some((reason) => reason.startsWith(`${column} `));
  const ordered = [...reject.values.filter(([c]) => named(c)), ...reject.values.filter(([c]) => !named(c))];
  return (
    <dl class="app-reject-values govuk-body-s govuk-!-margin-0">
      {ordered.map(([column, value]) => (
        <div key={column} class={named(column) ? 'app-reject-values__named' : undefined}>
          <dt>{column}</dt>
          <dd>{value === null || value === '' ? <span class="app-reject-values__empty">(empty)</span> : value}</dd>
        </div>
      ))}
    </dl>
  );
}
