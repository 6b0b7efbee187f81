/** A calendar quarter, like 2026-Q3, and the instants (UTC) it runs between. */
export interface Quarter {
  label: string;
  from: Date;
  to: Date;
}

const LABEL = /^(\d{4})-Q([1-4])$/;

export function quarterOf(label: string): Quarter | null {
  const m = LABEL.exec(label);
  if (!m) return null;
  const year = Number(m[1]);
  const q = Number(m[2]);
  return { label, from: new Date(Date.UTC(year, (q - 1) * 3, 1)), to: new Date(Date.UTC(year, q * 3, 1)) };
}

/** The last quarter that has ended at `at`: what a board meeting early in a quarter reviews. */
export function lastEndedQuarter(at: Date): Quarter {
  const q = Math.floor(at.getUTCMonth() / 3); // the quarter in progress, 0-based
  const year = q === 0 ? at.getUTCFullYear() - 1 : at.getUTCFullYear();
  return quarterOf(`${year}-Q${q === 0 ? 4 : q}`)!;
}
