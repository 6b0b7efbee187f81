import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';
import { LoadError, Loading } from '../components/coming-soon.js';
import { saveBlob } from '../components/download-button.js';
import { useResource } from '../components/use-resource.js';
import { formatDateTime } from './access-types.js';
import { useTitle } from './use-title.js';

interface BoardPack {
  id: string;
  quarter: string;
  trigger: 'on_demand' | 'schedule';
  pages: number;
  createdAt: string;
}

/** The last few quarters, newest first, the first being the last one ended. */
function recentQuarters(now = new Date()): string[] {
  const out: string[] = [];
  let year = now.getFullYear();
  let q = Math.floor(now.getMonth() / 3) + 1;
  for (let i = 0; i < 5; i++) {
    out.push(`${year}-Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      year -= 1;
    }
  }
  return [...out.slice(1, 2), out[0], ...out.slice(2)];
}

/** The IMB board pack: packs made for the user (each quarter, and on request), a new one now, and downloads. */
export function AccessBoardPacksPage() {
  useTitle('Board packs');
  const packs = useResource<BoardPack[]>('/api/board-packs');
  const quarters = recentQuarters();
  const [quarter, setQuarter] = useState(quarters[0]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const make = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.request('POST', '/api/board-packs', { quarter });
      await packs.reload();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  const download = async (p: BoardPack) => {
    setError(null);
    try {
      const res = await session.fetch(`/api/board-packs/${p.id}/pdf`, { headers: { Accept: 'application/pdf' } });
      saveBlob(await res.blob(), `imb-board-pack-${p.quarter}.pdf`);
    } catch (err) {
      setError(messageOf(err));
    }
  };

  return (
    <>
      <h1 class="govuk-heading-l">Board packs</h1>
      <p class="govuk-body">
        The Information Management Board's quarterly pack: the access review in figures, disclosure control in use, loads per partner and ASB trends by district. One is made for each IMB member at the start of each quarter; you can also make one now. ASB figures are as you may see them.
      </p>
      {error && <LoadError message={error} />}
      <form onSubmit={make} noValidate class="govuk-!-margin-bottom-6">
        <div class="govuk-form-group">
          <label class="govuk-label" for="board-pack-quarter">Quarter</label>
          <select class="govuk-select" id="board-pack-quarter" value={quarter} onChange={(e) => setQuarter((e.target as HTMLSelectElement).value)}>
            {quarters.map((q, i) => (
              <option key={q} value={q}>{q}{i === 0 ? ' (last ended)' : i === 1 ? ' (so far)' : ''}</option>
            ))}
          </select>
        </div>
        <button type="submit" class="govuk-button" disabled={busy}>
          {busy ? 'Making the board pack…' : 'Make a board pack now'}
        </button>
      </form>
      {packs.error && !packs.data && <LoadError message={packs.error} />}
      {!packs.data && !packs.error && <Loading what="Loading board packs" />}
      {packs.data && packs.data.length === 0 && <p class="govuk-body">No board packs yet.</p>}
      {packs.data && packs.data.length > 0 && (
        <table class="govuk-table" data-testid="board-packs">
          <caption class="govuk-table__caption govuk-table__caption--m">Your board packs</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Quarter</th>
              <th scope="col" class="govuk-table__header">Made</th>
              <th scope="col" class="govuk-table__header">How</th>
              <th scope="col" class="govuk-table__header govuk-table__header--numeric">Pages</th>
              <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Download</span></th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {packs.data.map((p) => (
              <tr class="govuk-table__row" key={p.id}>
                <td class="govuk-table__cell">{p.quarter}</td>
                <td class="govuk-table__cell">{formatDateTime(p.createdAt)}</td>
                <td class="govuk-table__cell">{p.trigger === 'schedule' ? 'Quarterly' : 'On request'}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{p.pages}</td>
                <td class="govuk-table__cell">
                  <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 app-button-small" onClick={() => download(p)}>
                    Download PDF<span class="govuk-visually-hidden"> for {p.quarter}, made {formatDateTime(p.createdAt)}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
