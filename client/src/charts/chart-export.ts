/**
 * Chart images for download: Plot's SVG, with its legend (HTML swatches or SVG ramps) and the
 * caption redrawn into one standalone SVG, and a PNG rasterised from it. Browser only.
 */
const SVG_NS = 'http://www.w3.org/2000/svg';
const FONT = 'arial, sans-serif';
const PAD = 12;

function isPlotSvg(svg: Element): boolean {
  return /^plot-[a-z0-9]+$/.test(svg.getAttribute('class') ?? '');
}

function size(svg: Element): { width: number; height: number } {
  const box = (svg.getAttribute('viewBox') ?? '').split(/[\s,]+/).map(Number);
  const width = Number(svg.getAttribute('width')) || box[2] || 640;
  const height = Number(svg.getAttribute('height')) || box[3] || 400;
  return { width, height };
}

function text(x: number, y: number, content: string, attrs: Record<string, string> = {}): SVGTextElement {
  const t = document.createElementNS(SVG_NS, 'text');
  t.setAttribute('x', String(x));
  t.setAttribute('y', String(y));
  for (const [k, v] of Object.entries(attrs)) t.setAttribute(k, v);
  t.textContent = content;
  return t;
}

/** Lays colour swatches out in rows; returns the height used. */
function drawSwatches(out: SVGSVGElement, swatches: { fill: string; label: string }[], top: number, width: number): number {
  let x = PAD;
  let y = top;
  for (const s of swatches) {
    const w = 22 + s.label.length * 7 + 16;
    if (x + w > width - PAD && x > PAD) {
      x = PAD;
      y += 22;
    }
    const rect = document.createElementNS(SVG_NS, 'rect');
    for (const [k, v] of Object.entries({ x: x, y: y, width: 15, height: 15, fill: s.fill })) rect.setAttribute(k, String(v));
    out.append(rect, text(x + 21, y + 12, s.label, { 'font-size': '13' }));
    x += w;
  }
  return swatches.length ? y - top + 26 : 0;
}

/** One standalone SVG document for a chart element: caption, legend, then the plot. */
export function chartSvg(element: Element, caption: string): string {
  const svgs = element.tagName.toLowerCase() === 'svg' ? [element] : [...element.querySelectorAll('svg')];
  const main = svgs.find(isPlotSvg) ?? svgs[0];
  if (!main) throw new Error('There is no chart to save.');
  const { width, height } = size(main);
  const out = document.createElementNS(SVG_NS, 'svg') as SVGSVGElement;
  out.setAttribute('xmlns', SVG_NS);
  out.setAttribute('font-family', FONT);
  const background = document.createElementNS(SVG_NS, 'rect');
  background.setAttribute('fill', '#ffffff');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  out.append(background);
  let top = PAD;
  if (caption) {
    out.append(text(PAD, top + 16, caption, { 'font-size': '16', 'font-weight': 'bold', fill: '#0b0c0c' }));
    top += 30;
  }
  const swatches = [...element.querySelectorAll('[class$="-swatch"]')].map((s) => ({
    fill: s.querySelector('[fill]')?.getAttribute('fill') ?? '#505a5f',
    label: (s.textContent ?? '').trim(),
  }));
  top += drawSwatches(out, swatches, top, width);
  for (const ramp of svgs.filter((s) => s !== main && !s.closest('[class$="-swatch"]'))) {
    const r = ramp.cloneNode(true) as SVGSVGElement;
    const rs = size(ramp);
    r.setAttribute('x', String(PAD));
    r.setAttribute('y', String(top));
    r.removeAttribute('aria-hidden');
    out.append(r);
    top += rs.height + 6;
  }
  // Axis labels may spill left of the plot (Plot's overflow: visible); leave room and let them show.
  const inset = 24;
  const plot = main.cloneNode(true) as SVGSVGElement;
  plot.setAttribute('overflow', 'visible');
  plot.setAttribute('x', String(inset));
  plot.setAttribute('y', String(top));
  plot.setAttribute('width', String(width));
  plot.setAttribute('height', String(height));
  out.append(plot);
  const total = top + height + PAD;
  const across = width + inset + PAD;
  out.setAttribute('width', String(across));
  out.setAttribute('height', String(total));
  out.setAttribute('viewBox', `0 0 ${across} ${total}`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(out)}`;
}

/** Rasterises an SVG document to PNG at `scale` times its size (2: sharp on high-density screens and in print). */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(image.naturalWidth * scale);
  canvas.height = Math.ceil(image.naturalHeight * scale);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot draw the image.');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The image could not be made.'))), 'image/png'));
}

/** A file name from a title: "ASB by district" → "asb-by-district". */
export function fileStem(title: string): string {
  return (
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'chart'
  );
}
