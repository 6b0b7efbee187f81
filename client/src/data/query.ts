import { type Table, tableFromIPC } from 'apache-arrow';
import { ApiError } from '../api/api-error.js';

export const ARROW_STREAM = 'application/vnd.apache.arrow.stream';

/** What the hub says about how an answer was released (the `X-Query-Meta` header). */
export interface AnswerMeta {
  suppression: { method: 'perturbation' | 'rounding'; threshold: number; base: number; maxError: number; baseError?: number; suppressedCells: number } | null;
  questionBudget?: { used: number; limit: number; renewsAt: string; spent: boolean };
}

const metas = new WeakMap<Table, AnswerMeta>();

/** The release notes of an answer fetched by `query` or `runView`, when the hub sent them. */
export function answerMeta(table: Table): AnswerMeta | undefined {
  return metas.get(table);
}

/** Decodes an Arrow answer and keeps its meta beside it. */
async function decode(res: Response): Promise<Table> {
  const type = res.headers.get('content-type') ?? '';
  if (!type.startsWith(ARROW_STREAM)) throw new ApiError(res.status, 'bad_response', 'The hub answered in a format this page cannot read.');
  const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
  const header = res.headers.get('x-query-meta');
  if (header) {
    try {
      metas.set(table, JSON.parse(header) as AnswerMeta);
    } catch {
      // An unreadable header only loses the note beside the figures.
    }
  }
  return table;
}

/** A question for `POST /api/query` (the query engine validates it against the dataset's schema). */
export interface QuerySpec {
  dataset: string;
  measures: string[];
  groupBy: string[];
  filters?: { field: string; op: 'eq' | 'in' | 'between' | 'gte' | 'lte' | 'contains'; value: unknown }[];
  /** ONS codes narrowing the question; the server still limits it to the caller's grant. */
  areas?: string[];
  timeRange?: { from?: string; to?: string };
  orderBy?: (string | { field: string; dir: 'asc' | 'desc' })[];
  limit?: number;
  offset?: number;
  /** A rate per 1,000 residents of this population, from the released count (docs/query.md). */
  rate?: 'all' | 'children' | 'aged_16_59' | 'older';
}

/** What a query client goes through: Mosaic's lifecycle, pending → result | error. */
export type QueryState =
  | { status: 'idle' }
  | { status: 'pending'; spec: QuerySpec }
  | { status: 'result'; spec: QuerySpec; table: Table; ms: number }
  | { status: 'error'; spec: QuerySpec; error: ApiError };

/** The authenticated fetch (Session.fetch in the app; a stub in tests). */
export type Fetcher = (path: string, init: RequestInit) => Promise<Response>;

/** Asks one question and decodes the Arrow IPC stream into a table. */
export async function query(fetcher: Fetcher, spec: QuerySpec, signal?: AbortSignal): Promise<Table> {
  const res = await fetcher('/api/query', {
    method: 'POST',
    headers: { Accept: ARROW_STREAM, 'Content-Type': 'application/json' },
    body: JSON.stringify(spec),
    signal,
  });
  return decode(res);
}

/**
 * Keeps one question's answer up to date: each `request` cancels the one before, reports
 * pending, then the result or the error. Only the latest request's outcome is reported.
 */
export class QueryClient {
  private controller: AbortController | null = null;
  private seq = 0;
  state: QueryState = { status: 'idle' };

  constructor(
    private readonly fetcher: Fetcher,
    private readonly onState: (state: QueryState) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async request(spec: QuerySpec): Promise<void> {
    return this.requestTable(spec, (signal) => query(this.fetcher, spec, signal));
  }

  /** Like `request`, for any way of getting the answer to `spec` (e.g. running a saved view). */
  async requestTable(spec: QuerySpec, load: (signal: AbortSignal) => Promise<Table>): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const seq = ++this.seq;
    const started = this.now();
    this.emit({ status: 'pending', spec });
    try {
      const table = await load(controller.signal);
      if (seq === this.seq) this.emit({ status: 'result', spec, table, ms: this.now() - started });
    } catch (err) {
      if (seq !== this.seq || (err as Error)?.name === 'AbortError') return;
      const error = err instanceof ApiError ? err : new ApiError(0, 'client_error', 'The answer could not be read. Try again.');
      this.emit({ status: 'error', spec, error });
    }
  }

  cancel(): void {
    this.seq++;
    this.controller?.abort();
    this.controller = null;
  }

  private emit(state: QueryState): void {
    this.state = state;
    this.onState(state);
  }
}

/** Runs a saved view (`POST /api/views/:id/run`) with a dashboard's cross-filter, as Arrow. */
export async function runView(fetcher: Fetcher, id: string, extra: object, signal?: AbortSignal): Promise<Table> {
  const res = await fetcher(`/api/views/${encodeURIComponent(id)}/run`, {
    method: 'POST',
    headers: { Accept: ARROW_STREAM, 'Content-Type': 'application/json' },
    body: JSON.stringify(extra),
    signal,
  });
  return decode(res);
}
