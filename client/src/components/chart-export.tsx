import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { chartSvg, fileStem, svgToPng } from '../charts/chart-export.js';
import { saveBlob } from './download-button.js';

/**
 * Downloads for one chart: the picture as PNG or SVG (drawn from the chart on screen, with its
 * caption and legend), and its data as CSV from the API (`Accept: text/csv`, so the server's
 * formula escaping applies and the numbers are exactly the answer as released, withheld and perturbed).
 */
export function ChartExport({ title, element, csv }: { title: string; element: Element | null; csv: () => Promise<Response> }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const stem = fileStem(title);

  const run = (what: string, make: () => Promise<void>) => async () => {
    setBusy(what);
    setError(null);
    try {
      await make();
    } catch (err) {
      setError(err instanceof Error && !('status' in err) ? `The ${what} could not be made: ${err.message}` : messageOf(err));
    } finally {
      setBusy(null);
    }
  };
  const svg = () => {
    if (!element) throw new Error('there is no chart on screen.');
    return chartSvg(element, title);
  };
  const downloads = [
    { what: 'PNG', show: !!element, go: run('PNG', async () => saveBlob(await svgToPng(svg()), `${stem}.png`)) },
    { what: 'SVG', show: !!element, go: run('SVG', async () => saveBlob(new Blob([svg()], { type: 'image/svg+xml' }), `${stem}.svg`)) },
    {
      what: 'CSV',
      show: true,
      go: run('CSV', async () => {
        const res = await csv();
        const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? `${stem}.csv`;
        saveBlob(await res.blob(), name);
      }),
    },
  ];
  return (
    <div class="app-chart-export">
      <div class="govuk-button-group">
        {downloads
          .filter((d) => d.show)
          .map((d) => (
            <button key={d.what} type="button" class="govuk-button govuk-button--secondary app-button-small" disabled={busy !== null} onClick={d.go}>
              {busy === d.what ? 'Preparing…' : `Download ${d.what === 'CSV' ? 'data (CSV)' : d.what}`}
              <span class="govuk-visually-hidden"> of {title}</span>
            </button>
          ))}
      </div>
      {error && (
        <p class="govuk-error-message" role="alert">
          <span class="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
    </div>
  );
}
