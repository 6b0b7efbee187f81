/**
 * Reads RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF, newlines inside quotes) into rows.
 * Stops after `limit` rows so a large rejects file only costs what is shown.
 */
export function parseCsv(text: string, limit = Infinity): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < src.length && rows.length < limit; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if ((field !== '' || row.length) && rows.length < limit) rows.push([...row, field]);
  return rows;
}

/** The first rows of a CSV file as a GOV.UK table: the header row becomes the column headings. */
export function CsvTable({ rows, caption }: { rows: string[][]; caption: string }) {
  const [header = [], ...body] = rows;
  return (
    <div class="app-table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table class="govuk-table govuk-table--small-text-until-tablet" data-testid="csv-table">
        <caption class="govuk-table__caption govuk-table__caption--s">{caption}</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            {header.map((h, i) => (
              <th key={i} scope="col" class="govuk-table__header">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {body.map((r, i) => (
            <tr key={i} class="govuk-table__row">
              {header.map((_, j) => (
                <td key={j} class="govuk-table__cell">
                  {r[j] ?? ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
