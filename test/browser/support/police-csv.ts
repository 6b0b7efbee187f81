/**
 * Small police.uk street-level CSVs made in the test, in the published format: what an ETL
 * operator would download from police.uk and upload to the `police-uk-street` feed.
 */

export const STREET_HEADER = 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';

/** A district's LSOA and a snapped point inside it, as police.uk publishes them. */
export const PLACES = {
  winchester: { lsoa: 'E01023046', name: 'Winchester 010C', lon: '-1.313', lat: '51.061', street: 'On or near Jewry Street' },
  portsmouth: { lsoa: 'E01017003', name: 'Portsmouth 015A', lon: '-1.091', lat: '50.798', street: 'On or near Commercial Road' },
  gosport: { lsoa: 'E01022700', name: 'Gosport 004B', lon: '-1.129', lat: '50.795', street: 'On or near High Street' },
} as const;

export type Place = keyof typeof PLACES;

export interface StreetRow {
  month: string;
  place: Place;
  type: string;
}

/** One CSV line; ASB rows have no Crime ID and no outcome, as on police.uk. */
export function streetLine(r: StreetRow, n: number): string {
  const p = PLACES[r.place];
  const asb = r.type === 'Anti-social behaviour';
  const id = asb ? '' : `${n.toString(16).padStart(8, '0')}c0ffee${'0'.repeat(50)}`.slice(0, 64);
  return [id, r.month, 'Hampshire Constabulary', 'Hampshire Constabulary', p.lon, p.lat, p.street, p.lsoa, p.name, r.type, asb ? '' : 'Under investigation', ''].join(',');
}

/** `count` rows of each (place, type) pair for one month. */
export function streetRows(month: string, counts: Partial<Record<Place, Record<string, number>>>): StreetRow[] {
  return Object.entries(counts).flatMap(([place, byType]) =>
    Object.entries(byType ?? {}).flatMap(([type, n]) => Array.from({ length: n }, () => ({ month, place: place as Place, type }))),
  );
}

/** A whole file: header, the rows, and any raw lines (bad rows) appended as they are. */
export function streetCsv(rows: readonly StreetRow[], rawLines: readonly string[] = []): string {
  return [STREET_HEADER, ...rows.map((r, i) => streetLine(r, i + 1)), ...rawLines].join('\r\n') + '\r\n';
}

/** Lines a police.uk street feed must reject, each for a reason the rejects report names. */
export function badStreetLines(month: string): string[] {
  const p = PLACES.winchester;
  return [
    // A month that is not a month.
    ['', '13/2024', 'Hampshire Constabulary', 'Hampshire Constabulary', p.lon, p.lat, p.street, p.lsoa, p.name, 'Anti-social behaviour', '', ''].join(','),
    // No crime type.
    ['', month, 'Hampshire Constabulary', 'Hampshire Constabulary', p.lon, p.lat, p.street, p.lsoa, p.name, '', '', ''].join(','),
    // A longitude that is not a number.
    ['', month, 'Hampshire Constabulary', 'Hampshire Constabulary', 'west', p.lat, p.street, p.lsoa, p.name, 'Anti-social behaviour', '', ''].join(','),
  ];
}
