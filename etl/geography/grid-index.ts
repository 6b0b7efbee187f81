import type { BBox } from './planar-polygon.js';

/**
 * A uniform grid over the items' bounding boxes: a point looks up one cell and tests only
 * the items whose boxes overlap it. Cells default to 0.01° (about 700 m × 1.1 km here),
 * small enough that a cell in a town holds a handful of LSOAs.
 */
export class GridIndex<T extends { bbox: BBox }> {
  private readonly west: number;
  private readonly south: number;
  private readonly columns: number;
  private readonly rows: number;
  private readonly cells: (T[] | undefined)[];

  constructor(
    private readonly items: readonly T[],
    private readonly cellSize = 0.01,
  ) {
    const extent = unionBBox(items.map((i) => i.bbox));
    this.west = extent[0];
    this.south = extent[1];
    this.columns = Math.max(1, Math.ceil((extent[2] - extent[0]) / cellSize) + 1);
    this.rows = Math.max(1, Math.ceil((extent[3] - extent[1]) / cellSize) + 1);
    this.cells = new Array(this.columns * this.rows);
    for (const item of items) this.insert(item);
  }

  /** Items whose bounding box may contain the point. */
  candidates(lon: number, lat: number): readonly T[] {
    const col = Math.floor((lon - this.west) / this.cellSize);
    const row = Math.floor((lat - this.south) / this.cellSize);
    if (col < 0 || row < 0 || col >= this.columns || row >= this.rows) return [];
    return this.cells[row * this.columns + col] ?? [];
  }

  get size(): number {
    return this.items.length;
  }

  private insert(item: T): void {
    const [w, s, e, n] = item.bbox;
    const c0 = Math.floor((w - this.west) / this.cellSize);
    const c1 = Math.floor((e - this.west) / this.cellSize);
    const r0 = Math.floor((s - this.south) / this.cellSize);
    const r1 = Math.floor((n - this.south) / this.cellSize);
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const k = r * this.columns + c;
        (this.cells[k] ??= []).push(item);
      }
    }
  }
}

export function unionBBox(boxes: readonly BBox[]): BBox {
  if (boxes.length === 0) return [0, 0, 0, 0];
  let [w, s, e, n] = boxes[0];
  for (const b of boxes) {
    w = Math.min(w, b[0]);
    s = Math.min(s, b[1]);
    e = Math.max(e, b[2]);
    n = Math.max(n, b[3]);
  }
  return [w, s, e, n];
}
