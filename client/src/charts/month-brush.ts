import { monthOf } from '../data/cross-filter.js';

interface TimeScale {
  domain: [Date, Date];
  range: [number, number];
}

interface PlotElement extends Element {
  scale?: (name: string) => { domain?: unknown[]; range?: number[] } | undefined;
}

/**
 * Lets a mouse or pen drag across a line chart's time axis to pick a range of months. Keyboard
 * users set the same range with the dashboard's month fields; this is the pointer shortcut.
 * Returns a function that removes the listeners.
 */
export function attachMonthBrush(chart: Element, onBrush: (from: string, to: string) => void): () => void {
  const svg = (chart.tagName.toLowerCase() === 'svg' ? chart : chart.querySelector('svg[role="img"]')) as SVGSVGElement | null;
  const x = (chart as PlotElement).scale?.('x') as TimeScale | undefined;
  const y = (chart as PlotElement).scale?.('y');
  if (!svg || !x?.domain || !x.range || !y?.range) return () => undefined;
  const [d0, d1] = x.domain.map((d) => d.getTime());
  const [r0, r1] = x.range;
  const [top, bottom] = [Math.min(...y.range), Math.max(...y.range)];
  const toSvgX = (event: PointerEvent) => {
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(svg.getScreenCTM()!.inverse());
    return Math.max(r0, Math.min(r1, point.x));
  };
  const dateAt = (px: number) => new Date(d0 + ((px - r0) / (r1 - r0)) * (d1 - d0));
  const band = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  band.setAttribute('fill', '#1d70b8');
  band.setAttribute('fill-opacity', '0.2');
  band.setAttribute('y', String(top));
  band.setAttribute('height', String(bottom - top));
  band.setAttribute('pointer-events', 'none');
  let start: number | null = null;

  const down = (event: PointerEvent) => {
    if (event.button !== 0) return;
    start = toSvgX(event);
    svg.setPointerCapture(event.pointerId);
    band.setAttribute('x', String(start));
    band.setAttribute('width', '0');
    svg.append(band);
    event.preventDefault();
  };
  const move = (event: PointerEvent) => {
    if (start === null) return;
    const at = toSvgX(event);
    band.setAttribute('x', String(Math.min(start, at)));
    band.setAttribute('width', String(Math.abs(at - start)));
  };
  const up = (event: PointerEvent) => {
    if (start === null) return;
    const end = toSvgX(event);
    const from = Math.min(start, end);
    const to = Math.max(start, end);
    start = null;
    band.remove();
    if (to - from < 4) return;
    onBrush(monthOf(dateAt(from)), monthOf(dateAt(to)));
  };
  svg.style.cursor = 'crosshair';
  svg.style.touchAction = 'none';
  svg.addEventListener('pointerdown', down);
  svg.addEventListener('pointermove', move);
  svg.addEventListener('pointerup', up);
  svg.addEventListener('pointercancel', up);
  return () => {
    svg.removeEventListener('pointerdown', down);
    svg.removeEventListener('pointermove', move);
    svg.removeEventListener('pointerup', up);
    svg.removeEventListener('pointercancel', up);
  };
}
