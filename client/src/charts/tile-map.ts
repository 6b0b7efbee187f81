import * as Plot from '@observablehq/plot';
import type { Row } from '../data/rows.js';
import { asImage, type ChartOptions, FONT, isSuppressed } from './chart-options.js';

/** One square per area, placed roughly where it is: north at the top, the Isle of Wight at the bottom. */
export const AREA_TILES: readonly { code: string; name: string; short: string; col: number; row: number }[] = [
  { code: 'E07000084', name: 'Basingstoke and Deane', short: 'Basing', col: 2, row: 0 },
  { code: 'E07000089', name: 'Hart', short: 'Hart', col: 3, row: 0 },
  { code: 'E07000092', name: 'Rushmoor', short: 'Rush', col: 4, row: 0 },
  { code: 'E07000093', name: 'Test Valley', short: 'TestV', col: 1, row: 1 },
  { code: 'E07000094', name: 'Winchester', short: 'Winch', col: 2, row: 1 },
  { code: 'E07000085', name: 'East Hampshire', short: 'EHants', col: 3, row: 1 },
  { code: 'E07000091', name: 'New Forest', short: 'NForest', col: 0, row: 2 },
  { code: 'E06000045', name: 'Southampton', short: 'Soton', col: 1, row: 2 },
  { code: 'E07000086', name: 'Eastleigh', short: 'Eastl', col: 2, row: 2 },
  { code: 'E07000087', name: 'Fareham', short: 'Fareh', col: 3, row: 2 },
  { code: 'E07000090', name: 'Havant', short: 'Havant', col: 4, row: 2 },
  { code: 'E07000088', name: 'Gosport', short: 'Gosp', col: 3, row: 3 },
  { code: 'E06000044', name: 'Portsmouth', short: 'Ports', col: 4, row: 3 },
  { code: 'E06000046', name: 'Isle of Wight', short: 'IoW', col: 2, row: 4 },
];

export interface TileMapOptions extends ChartOptions {
  /** Field holding the area's ONS code (e.g. district_code). */
  area: string;
}

interface Tile {
  name: string;
  short: string;
  col: number;
  row: number;
  value: number | null;
  state: 'value' | 'suppressed' | 'none';
}

/** The fallback map: the 14 areas as equal tiles, shaded by value. */
export function tileMap(data: readonly Row[], options: TileMapOptions) {
  const byCode = new Map(data.map((r) => [String(r[options.area]), r]));
  const tiles: Tile[] = AREA_TILES.map((t) => {
    const row = byCode.get(t.code);
    const suppressed = row ? isSuppressed(row, options) : false;
    const value = row && !suppressed && typeof row[options.value] === 'number' ? (row[options.value] as number) : null;
    return { ...t, value, state: suppressed ? 'suppressed' : value === null ? 'none' : 'value' };
  });
  const label = (t: Tile) => `${t.short}\n${t.state === 'value' ? t.value!.toLocaleString('en-GB') : t.state === 'suppressed' ? 'S' : '–'}`;
  const max = Math.max(1, ...tiles.map((t) => t.value ?? 0));
  const dark = (t: Tile) => t.value !== null && t.value > max * 0.55;
  const chart = Plot.plot({
    document: options.document,
    width: options.width ?? 460,
    height: options.height ?? 440,
    padding: 0.06,
    style: { fontFamily: FONT, fontSize: '12px' },
    ariaLabel: options.ariaLabel,
    x: { axis: null, domain: [0, 1, 2, 3, 4] },
    y: { axis: null, domain: [0, 1, 2, 3, 4] },
    color: { type: 'linear', scheme: 'blues', domain: [0, max], legend: true, label: 'Count' },
    marks: [
      Plot.cell(tiles.filter((t) => t.state === 'value'), { x: 'col', y: 'row', fill: 'value', title: 'name' }),
      Plot.cell(tiles.filter((t) => t.state !== 'value'), { x: 'col', y: 'row', fill: '#f3f2f1', stroke: '#b1b4b6', title: 'name' }),
      Plot.text(tiles.filter((t) => !dark(t)), { x: 'col', y: 'row', text: label, lineHeight: 1.3, fill: '#0b0c0c' }),
      Plot.text(tiles.filter(dark), { x: 'col', y: 'row', text: label, lineHeight: 1.3, fill: 'white' }),
    ],
  });
  return asImage(chart, options.ariaLabel);
}
