import type { GeoPermissibleObjects } from 'd3-geo';

/**
 * A projection fitted to `domain`, as British maps are drawn: transverse Mercator about 2° W
 * (the National Grid's meridian), so Hampshire and the Isle of Wight are not skewed. Without a
 * domain (nothing to draw) Plot's default framing is used rather than a degenerate fit.
 */
export function fittedProjection(domain: GeoPermissibleObjects | undefined) {
  const empty = !domain || ('features' in domain && domain.features.length === 0);
  return { type: 'transverse-mercator' as const, rotate: [2, -49] as [number, number], ...(empty ? {} : { domain }), inset: 6 };
}

/** Height of every map: Hampshire and the Isle of Wight at 640 pixels wide is about this tall. */
export const MAP_HEIGHT = 560;

/** Fill for areas with no count in the answer. */
export const NO_DATA_FILL = '#f3f2f1';
/** Outline between areas. */
export const OUTLINE = '#ffffff';
/** Class of the mark whose shapes get the hatching (Plot cannot take a pattern as a constant fill). */
export const HATCHED_CLASS = 'app-map-suppressed';

let patterns = 0;

/**
 * Fills the shapes of the mark classed {@link HATCHED_CLASS} with diagonal hatching, defined in
 * the chart's own SVG under an id unique to the page (several maps may share a dashboard).
 */
export function hatchSuppressed(svg: Element): string {
  const doc = svg.ownerDocument;
  const id = `app-hatch-${++patterns}`;
  const ns = 'http://www.w3.org/2000/svg';
  const defs = doc.createElementNS(ns, 'defs');
  const pattern = doc.createElementNS(ns, 'pattern');
  for (const [k, v] of Object.entries({ id, width: '6', height: '6', patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' })) pattern.setAttribute(k, v);
  const back = doc.createElementNS(ns, 'rect');
  for (const [k, v] of Object.entries({ width: '6', height: '6', fill: NO_DATA_FILL })) back.setAttribute(k, v);
  const line = doc.createElementNS(ns, 'line');
  for (const [k, v] of Object.entries({ x1: '0', y1: '0', x2: '0', y2: '6', stroke: '#505a5f', 'stroke-width': '2' })) line.setAttribute(k, v);
  pattern.append(back, line);
  defs.append(pattern);
  svg.insertBefore(defs, svg.firstChild);
  for (const g of svg.querySelectorAll(`g.${HATCHED_CLASS}`)) {
    g.setAttribute('fill', `url(#${id})`);
    for (const path of g.querySelectorAll('path')) path.setAttribute('fill', `url(#${id})`);
  }
  return id;
}

/** A small key in HTML under a map: what the hatching, the grey and the crosses mean. */
export function mapKey(doc: Document, entries: readonly { swatch: 'hatched' | 'none' | 'withheld'; text: string }[]): HTMLElement {
  const ns = 'http://www.w3.org/2000/svg';
  const list = doc.createElement('ul');
  list.setAttribute('class', 'app-map-key');
  for (const e of entries) {
    // Classed like Plot's own swatches, so chart export (chart-export.ts) draws each entry with its label.
    const item = doc.createElement('li');
    item.setAttribute('class', 'app-map-key-swatch');
    const swatch = doc.createElementNS(ns, 'svg');
    for (const [k, v] of Object.entries({ width: '18', height: '18', viewBox: '0 0 18 18', 'aria-hidden': 'true', focusable: 'false' })) swatch.setAttribute(k, v);
    if (e.swatch === 'withheld') {
      const hexagon = doc.createElementNS(ns, 'path');
      for (const [k, v] of Object.entries({ d: 'M9 1L16 5L16 13L9 17L2 13L2 5Z', fill: '#b1b4b6' })) hexagon.setAttribute(k, v);
      swatch.append(hexagon);
    } else {
      const rect = doc.createElementNS(ns, 'rect');
      for (const [k, v] of Object.entries({ x: '1', y: '1', width: '16', height: '16', fill: NO_DATA_FILL, stroke: '#b1b4b6' })) rect.setAttribute(k, v);
      swatch.append(rect);
      if (e.swatch === 'hatched') {
        for (const d of ['M1 9L9 1', 'M1 17L17 1', 'M9 17L17 9']) {
          const path = doc.createElementNS(ns, 'path');
          for (const [k, v] of Object.entries({ d, stroke: '#505a5f', 'stroke-width': '2' })) path.setAttribute(k, v);
          swatch.append(path);
        }
      }
    }
    item.append(swatch, doc.createTextNode(` ${e.text}`));
    list.append(item);
  }
  return list;
}
