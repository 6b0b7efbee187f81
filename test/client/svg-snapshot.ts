import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseHTML } from 'linkedom';

const DIR = path.resolve('test/client/__snapshots__');

/** A DOM document for Plot to render into outside a browser. */
export function chartDocument(): Document {
  const document = parseHTML('<!doctype html><html><body></body></html>').document as unknown as Document;
  // Plot draws continuous colour legends on a canvas; linkedom has none, so a stand-in records
  // nothing and yields a fixed image (the legend's ticks and label are still real SVG).
  const createElement = document.createElement.bind(document);
  document.createElement = ((name: string, options?: ElementCreationOptions) => {
    const element = createElement(name, options);
    if (name.toLowerCase() === 'canvas') {
      const context = new Proxy({}, { get: (_t, key) => (key === 'canvas' ? element : () => undefined), set: () => true });
      Object.assign(element, { getContext: () => context, toDataURL: () => 'data:image/png;base64,' });
    }
    return element;
  }) as Document['createElement'];
  return document;
}

/** One element per line so a snapshot diff points at the mark that changed. */
function pretty(markup: string): string {
  return markup.replace(/></g, '>\n<') + '\n';
}

/**
 * Compares the chart's markup with test/client/__snapshots__/<name>.svg, as Plot's own tests do.
 * A missing snapshot is written (review it); UPDATE_SNAPSHOTS=1 rewrites them all.
 */
export function expectSvgSnapshot(element: Element, name: string): void {
  const file = path.join(DIR, `${name}.svg`);
  const actual = pretty(element.outerHTML);
  if (!existsSync(file) || process.env.UPDATE_SNAPSHOTS === '1') {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  const expected = readFileSync(file, 'utf8');
  if (actual !== expected) {
    throw new Error(`Chart ${name} no longer matches ${path.relative(process.cwd(), file)}; if the change is intended, run with UPDATE_SNAPSHOTS=1 and review the diff.\n--- first difference near:\n${firstDifference(expected, actual)}`);
  }
}

function firstDifference(a: string, b: string): string {
  const al = a.split('\n');
  const bl = b.split('\n');
  const i = al.findIndex((line, n) => line !== bl[n]);
  return `expected: ${al[i]}\nactual:   ${bl[i]}`;
}
