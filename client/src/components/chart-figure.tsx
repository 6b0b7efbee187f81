import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Row } from '../data/rows.js';

export interface Column {
  field: string;
  label: string;
  numeric?: boolean;
}

/**
 * A chart with its text alternatives: a visible caption, and the same numbers as a GOV.UK table
 * behind a "Show the data" toggle (a native details element, so it works by keyboard).
 */
export function ChartFigure({ caption, element, rows, columns, suppressedField, rowAction }: { caption: string; element: Element | null; rows: Row[]; columns: Column[]; suppressedField?: string; rowAction?: RowAction }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = host.current;
    if (!node) return;
    node.replaceChildren(...(element ? [element] : []));
  }, [element]);
  return (
    <figure class="app-chart" data-testid="chart">
      <figcaption>{caption}</figcaption>
      <div class="app-chart__plot" ref={host} />
      <details class="govuk-details govuk-!-margin-top-2">
        <summary class="govuk-details__summary">
          <span class="govuk-details__summary-text">Show the data as a table</span>
        </summary>
        <div class="govuk-details__text">
          <DataTable caption={caption} rows={rows} columns={columns} suppressedField={suppressedField} rowAction={rowAction} />
        </div>
      </details>
    </figure>
  );
}

/** An optional last column per row, e.g. a dashboard's "Filter by" button (the keyboard way to cross-filter). */
export interface RowAction {
  label: string;
  render: (row: Row) => ComponentChildren;
}

export function DataTable({ caption, rows, columns, suppressedField, rowAction }: { caption: string; rows: Row[]; columns: Column[]; suppressedField?: string; rowAction?: RowAction }) {
  return (
    <table class="govuk-table">
      <caption class="govuk-table__caption govuk-table__caption--s">{caption}</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          {columns.map((c) => (
            <th key={c.field} scope="col" class={`govuk-table__header${c.numeric ? ' govuk-table__header--numeric' : ''}`}>
              {c.label}
            </th>
          ))}
          {rowAction && <th scope="col" class="govuk-table__header">{rowAction.label}</th>}
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {rows.map((r, i) => (
          <tr class="govuk-table__row" key={i}>
            {columns.map((c) => (
              <td key={c.field} class={`govuk-table__cell${c.numeric ? ' govuk-table__cell--numeric' : ''}`}>
                {c.numeric && suppressedField && r[suppressedField] === true ? (
                  <span class="app-suppressed">suppressed</span>
                ) : c.numeric && typeof r[c.field] === 'number' ? (
                  (r[c.field] as number).toLocaleString('en-GB')
                ) : (
                  String(r[c.field] ?? '')
                )}
              </td>
            ))}
            {rowAction && <td class="govuk-table__cell">{rowAction.render(r)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
