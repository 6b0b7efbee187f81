/**
 * Attack suite for aggregate-only disclosure control (src/disclosure, docs/disclosure-control.md).
 *
 * An organisation with `aggregate` access to a partner's ASB dataset plays the adversary against
 * the real app over HTTP (real PostgreSQL ledger, real DuckDB), trying to recover planted small
 * counts (1–4, withheld when asked directly) by averaging, differencing and slicing. Every attack
 * runs against two hubs, one after the other (Passport's strategies are process-wide, so two live
 * hubs in one test process would sign in against each other's users):
 *
 *  - perturbation: the default method (keyed month-end noise, withheld parts standing in at half the threshold);
 *  - rounding: the old method (suppression + rounding to base 5), the CONTROL. Each attack (or,
 *    where the plain attack recovers nothing under rounding either, a stated variant) must recover
 *    most targets there, so the suite can fail.
 *
 * The month routes are also asked of a "twin": the perturbation hub's dataset republished with
 * every target holding 5 − its value (1↔4, 2↔3), same slug, same key. A route whose answers are
 * identical before and after gives an estimate that provably does not depend on the true value.
 *
 * L1–L3 go after the perturbation itself (its keys and its stand-in), so they run on the
 * perturbation hub only: averaging over questions that describe the same records in different ways
 * (run ends beyond the data; filters and groupings that are redundant for the cells asked; the
 * cross-partner view with a dataset that adds nothing). Each must find every equivalent question
 * answered with the same figure, and recover no more than guessing.
 *
 * Both attack hubs have a budget large enough not to stop the attacker (QUERY_DAILY_QUESTIONS), so
 * the noise is measured on its own; the budget is tested separately at the end. The noise key
 * (MATCHING_KEY) and the attacker's random choices are fixed, so the printed figures reproduce.
 */
import { AccessLevel } from '../../src/access/access-level.js';
import { AnalyticsStore } from '../../src/analytics-store/analytics-store.service.js';
import { Role } from '../../src/auth/role.js';
import type { Dataset } from '../../src/datasets/dataset.entity.js';
import { appendRows, createDataset, type FactoryRow, times } from '../factories/dataset.factory.js';
import { createGrant } from '../factories/grant.factory.js';
import { signedInUser } from '../factories/user.factory.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

const W = 'E07000094';
const SLUG = 'winchester-asb';
const NOISE_KEY = 'attack-suite-fixed-noise-key-0123456789abcdef';
const CATEGORIES = ['Personal', 'Nuisance', 'Environmental'] as const;

/** `YYYY-MM` of the month `i` months after 2023-01 (negative: before). */
const monthAt = (i: number): string => {
  const n = 2023 * 12 + i;
  return `${String(Math.floor(n / 12)).padStart(4, '0')}-${String((n % 12) + 1).padStart(2, '0')}`;
};
/** The dataset's 24 months, 2023-01 … 2024-12. */
const MONTHS = Array.from({ length: 24 }, (_, i) => monthAt(i));
/** Fifteen real Winchester LSOAs (the reference data knows them: best fit to themselves, IMD decile). */
const LSOAS = (
  [
    ['E01023220', 'Winchester 012A'],
    ['E01023221', 'Winchester 012B'],
    ['E01023222', 'Winchester 012C'],
    ['E01023223', 'Winchester 012D'],
    ['E01023224', 'Winchester 014A'],
    ['E01023225', 'Winchester 004A'],
    ['E01023226', 'Winchester 010A'],
    ['E01023227', 'Winchester 010B'],
    ['E01023228', 'Winchester 010C'],
    ['E01023229', 'Winchester 009A'],
    ['E01023230', 'Winchester 010D'],
    ['E01023231', 'Winchester 014B'],
    ['E01023232', 'Winchester 014C'],
    ['E01023233', 'Winchester 014D'],
    ['E01023234', 'Winchester 014E'],
  ] as const
).map(([code, name]) => ({ code, name }));

/** Small deterministic PRNG (mulberry32), so every run asks the same questions. */
function prng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Target {
  id: number;
  lsoa: string;
  category: string;
  /** Index into MONTHS. */
  m: number;
  value: number;
}

/**
 * Twelve planted LSOA × category × month cells with true counts 1–4 (three of each), in four
 * months, one category per month, each in its own LSOA; every other cell holds 7–26 records, so
 * every LSOA × month total is 20–80 and every sibling of a target is released.
 */
const TARGET_MONTHS = [5, 9, 14, 18];
const TARGET_CATEGORY = ['Personal', 'Nuisance', 'Environmental', 'Personal'];
const TARGET_VALUES = [1, 4, 2, 3, 1, 4, 2, 3, 1, 4, 2, 3];
const TARGETS: Target[] = TARGET_VALUES.map((value, i) => ({ id: i, lsoa: LSOAS[(i * 4) % 15].code, category: TARGET_CATEGORY[Math.floor(i / 3)], m: TARGET_MONTHS[Math.floor(i / 3)], value }));
const siblingsOf = (t: Target) => CATEGORIES.filter((c) => c !== t.category);

const incidents = (lsoa: (typeof LSOAS)[number], category: string, m: number, n: number): FactoryRow[] =>
  times(n, {
    month: MONTHS[m],
    district_code: W,
    district_name: 'Winchester',
    lsoa_code: lsoa.code,
    lsoa_name: lsoa.name,
    category,
    category_group: 'Anti-social behaviour',
    source_org: 'hiow-constabulary',
    placement: 'lsoa',
  });

/**
 * The police's ASB incidents, plus a few cases the council passed on with no location (no LSOA,
 * placement 'unplaced', source 'winchester'), as real feeds have: so placement and source are not
 * the same on every row of the dataset, only on every row that has an LSOA.
 */
function datasetRows(): FactoryRow[] {
  const rand = prng(20261206);
  const rows: FactoryRow[] = [];
  for (const lsoa of LSOAS)
    for (const category of CATEGORIES)
      MONTHS.forEach((_, m) => {
        const base = 7 + Math.floor(rand() * 20);
        const target = TARGETS.find((t) => t.lsoa === lsoa.code && t.category === category && t.m === m);
        rows.push(...incidents(lsoa, category, m, target ? target.value : base));
      });
  MONTHS.forEach((month, m) =>
    rows.push(
      ...times(5 + (m % 3), { month, district_code: W, district_name: 'Winchester', category: 'Nuisance', category_group: 'Anti-social behaviour', source_org: 'winchester', placement: 'unplaced' }),
    ),
  );
  return rows;
}

/** A second partner's dataset the attacker may also count: cases in three other Winchester LSOAs only. */
const OTHER_SLUG = 'county-asb-cases';
function otherRows(): FactoryRow[] {
  return [
    ['E01023235', 'Winchester 011A'],
    ['E01023236', 'Winchester 002A'],
    ['E01023237', 'Winchester 002B'],
  ].flatMap(([code, name]) =>
    MONTHS.slice(2, 22).flatMap((month) =>
      times(6, { month, district_code: W, district_name: 'Winchester', lsoa_code: code, lsoa_name: name, category: 'Personal', category_group: 'Anti-social behaviour', source_org: 'hampshire-county-council', placement: 'lsoa' }),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// The attacker's client: questions over HTTP, four at a time, tallied per attack and hub.

type SideName = 'perturbation' | 'rounding' | 'twin';
interface Side {
  name: SideName;
  hub: TestHub;
  dataset: Dataset;
  /**
   * Two accounts of the attacking organisation (Winchester City Council), then an analyst of
   * Eastleigh (aggregate access too: L2 and L3 are asked from there, so that organisation's budget
   * and usage row hold those attacks alone) and an IMB member (who reads the usage view).
   */
  tokens: [string, string, string, string];
  /** The true value of each target on this hub. */
  truth: (t: Target) => number;
}
type Row = Record<string, unknown>;
interface Answer {
  status: number;
  rows: Row[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  meta: any;
  error?: { code: string; message: string; details?: Record<string, unknown> };
}
interface Question {
  body: Record<string, unknown>;
  account?: 0 | 1 | 2;
}
interface Tally {
  asked: number;
  refused: number;
  /** Questions that spent from the organisation's budget (new that day). */
  spent: number;
  exact?: number;
}

const FIGURES = new Map<string, Partial<Record<SideName, Tally>>>();
function tally(attack: string, side: SideName): Tally {
  const row = FIGURES.get(attack) ?? {};
  FIGURES.set(attack, row);
  return (row[side] ??= { asked: 0, refused: 0, spent: 0 });
}
/** The attacker's unrounded estimate of each target, per attack and hub. */
const ESTIMATES = new Map<string, Partial<Record<SideName, number[]>>>();
const estimatesOf = (attack: string, side: SideName): number[] => ESTIMATES.get(attack)![side]!;
/** Answers to every question of the routes the twin re-asks, per hub and attack: question → answer. */
const ROUTE_ANSWERS = new Map<SideName, Map<string, { questions: Question[]; answers: Map<string, string> }>>();
/** Where a question is kept: its body and the account that asked it. */
const questionKey = (q: Question) => JSON.stringify([q.account ?? 0, q.body]);

async function ask(side: Side, attack: string, q: Question): Promise<Answer> {
  const res = await side.hub
    .http()
    .post('/api/query')
    .set('Authorization', `Bearer ${side.tokens[q.account ?? 0]}`)
    .send({ dataset: SLUG, measures: ['count'], ...q.body });
  const t = tally(attack, side.name);
  t.asked++;
  if (res.status !== 200) t.refused++;
  if (res.body?.meta?.questionBudget?.spent) t.spent++;
  return { status: res.status, rows: res.body?.rows ?? [], meta: res.body?.meta, error: res.body?.error };
}

/** Asks every question, four at a time; answers in the same order. */
async function askAll(side: Side, attack: string, questions: readonly Question[], width = 4): Promise<Answer[]> {
  const out = new Array<Answer>(questions.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, questions.length) }, async () => {
      while (next < questions.length) {
        const i = next++;
        out[i] = await ask(side, attack, questions[i]);
      }
    }),
  );
  return out;
}

/** The one count of a one-cell answer (null when withheld). */
function single(a: Answer, month?: string): number | null {
  expect(a.status).toBe(200);
  const rows = month ? a.rows.filter((r) => r.month === month) : a.rows;
  expect(rows).toHaveLength(1);
  return rows[0].count as number | null;
}

/** A grouped answer as key → count, the key being the group values joined with `|`. */
function table(a: Answer, groups: readonly string[]): Map<string, number | null> {
  expect(a.status).toBe(200);
  return new Map(a.rows.map((r) => [groups.map((g) => r[g]).join('|'), r.count as number | null]));
}

/** An answer as compared between hubs: status, counts and withheld flags. */
const answerKey = (a: Answer) => JSON.stringify({ status: a.status, rows: a.rows.map((r) => [r.count, r.suppressed]) });

const f = (field: string, op: string, value: unknown) => ({ field, op, value });
const cellOf = (t: Target, category?: string | null) => [f('lsoa_code', 'eq', t.lsoa), ...(category ? [f('category', 'eq', category)] : [])];
const monthsIn = (idx: readonly number[]) => f('month', 'in', [...idx].sort((a, b) => a - b).map(monthAt));
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
/** The attacker's best guess of a count known to be 1–4 from an unrounded estimate. */
const guess = (v: number) => Math.min(4, Math.max(1, Math.round(v)));

function record(attack: string, side: Side, estimates: readonly number[]): void {
  ESTIMATES.set(attack, { ...ESTIMATES.get(attack), [side.name]: [...estimates] });
  tally(attack, side.name).exact = TARGETS.filter((t, i) => guess(estimates[i]) === side.truth(t)).length / TARGETS.length;
}
const exact = (attack: string, side: SideName) => tally(attack, side).exact!;

/**
 * "No better than guessing", with its margin. Blind guessing is right 1 time in 4. Under
 * perturbation an estimate can do better through the noise's bounds alone, with nothing averaged:
 * a slice sum of three released figures is off by at most ±6 (each ±2), and an attacker who clamps
 * to 1–4 gets the extreme values right whenever the noise falls on their side. For a sum of six
 * uniform {−1, 0, 1} terms that is (2 × 0.597 + 2 × 0.193) / 4 ≈ 0.40 expected. So the bound is
 * 7 of the 12 targets (0.58): P(8 or more of 12 | 0.40) ≈ 0.06 for one route under an arbitrary
 * key, and the key here is fixed, so the figures reproduce. Averaging that works drives the rate
 * above 0.8 (the controls, and L2 below); the controls must get 8 of 12 (≥ 0.6). For the month
 * routes the twin proves more: the estimate ignores the truth altogether.
 */
const NO_BETTER_THAN_GUESSING = 7 / 12;
const CONTROL_RECOVERS = 0.6;

// ---------------------------------------------------------------------------------------------
// The attacks: their questions (fixed, pure) and how the attacker reads the answers.

const A1A = '1a averaging over random halves of the LSOAs (in)';
const A1B = '1b averaging over random month sets, ± target month';
const A2 = '2 nested ranges [a..m]−[a..m−1], [m..b]−[m+1..b]';
const A3 = '3 slice sums: LSOA total − other categories';
const A3B = '3b slice sums averaged over 40 random month sets';
const A4 = '4 repetition: slice-sum figures asked 6× each';
const A5 = '5 two accounts split nested ranges (between)';
const L1 = 'L1 all-time figures, run ends outside the data';
const L2 = 'L2 slice sums over 24 equivalent descriptions';
const L3 = 'L3 slice sums via the cross-partner view (12 ways)';
const GD = 'G slice sums over LSOAs: district − other LSOAs';
const GW = 'G slice sums over LSOAs: ward − its other LSOAs';
/** The routes whose every answer the twin must give unchanged. */
const TWIN_ROUTES = [A1B, A2, A3, A3B, A4, GW, L1, L2, L3];

/** 1a: random halves (7 of the other 14 LSOAs) with and without the target's LSOA. */
const PLAN_1A: Question[] = (() => {
  const rand = prng(101);
  const questions: Question[] = [];
  for (const t of TARGETS)
    for (let j = 0; j < 9; j++) {
      const others = LSOAS.filter((l) => l.code !== t.lsoa)
        .map((l) => [rand(), l.code] as const)
        .sort((a, b) => a[0] - b[0])
        .slice(0, 7)
        .map(([, c]) => c);
      for (const lsoas of [[...others, t.lsoa], others]) questions.push({ body: { filters: [f('lsoa_code', 'in', lsoas), f('category', 'eq', t.category), f('month', 'eq', MONTHS[t.m])] } });
    }
  return questions;
})();

interface PairPlan {
  /** The target each pair is about, and the side of the target month it varies. */
  pairs: { t: Target; side: 'left' | 'right' | 'set' }[];
  /** Two questions per pair: with the target month, then without. */
  questions: Question[];
}

/** 1b: the target's series over a random set of months, with and without the target month. */
const PLAN_1B: PairPlan = (() => {
  const rand = prng(202);
  const plan: PairPlan = { pairs: [], questions: [] };
  for (const t of TARGETS)
    for (let j = 0; j < 20; j++) {
      let s = MONTHS.map((_, i) => i).filter((i) => i !== t.m && rand() < 0.5);
      if (s.length === 0) s = [t.m - 1];
      plan.pairs.push({ t, side: 'set' });
      plan.questions.push({ body: { filters: [...cellOf(t, t.category), monthsIn([...s, t.m])] } }, { body: { filters: [...cellOf(t, t.category), monthsIn(s)] } });
    }
  return plan;
})();

/** 2 and 5: [a..m] − [a..m−1] for every a before m, [m..b] − [m+1..b] for every b after it. */
function nestedPlan(phrase: (from: number, to: number) => Record<string, unknown>): PairPlan {
  const plan: PairPlan = { pairs: [], questions: [] };
  const q = (t: Target, from: number, to: number): Question => {
    const { filters, ...rest } = phrase(from, to);
    return { body: { ...rest, filters: [...cellOf(t, t.category), ...((filters as object[] | undefined) ?? [])] } };
  };
  for (const t of TARGETS) {
    for (let a = 0; a < t.m; a++) {
      plan.pairs.push({ t, side: 'left' });
      plan.questions.push(q(t, a, t.m), q(t, a, t.m - 1));
    }
    for (let b = t.m + 1; b < MONTHS.length; b++) {
      plan.pairs.push({ t, side: 'right' });
      plan.questions.push(q(t, t.m, b), q(t, t.m + 1, b));
    }
  }
  return plan;
}
const PLAN_2 = nestedPlan((from, to) => ({ timeRange: { from: MONTHS[from], to: MONTHS[to] } }));
/** Phrased with `between`: new questions to the budget, the same cells as PLAN_2. */
const PLAN_5 = nestedPlan((from, to) => ({ filters: [f('month', 'between', [MONTHS[from], MONTHS[to]])] }));

/** Mean difference of each target's pairs (with minus without the target month). */
function pairEstimates(plan: PairPlan, answers: readonly Answer[]): number[] {
  const diffs = TARGETS.map(() => [] as number[]);
  plan.pairs.forEach((p, i) => {
    const withIt = single(answers[2 * i]);
    const without = single(answers[2 * i + 1]);
    if (withIt !== null && without !== null) diffs[p.t.id].push(withIt - without);
  });
  expect(diffs.every((d) => d.length > 0)).toBe(true);
  return diffs.map((d) => mean(d));
}

/** Released figures of LSOA (× category) × month cells, from any grouping: key → every figure seen. */
type Figures = Map<string, number[]>;
const figureKey = (lsoa: string, category: string | null, month: string) => `${lsoa}|${category ?? '*'}|${month}`;
function note(figures: Figures, key: string, count: number | null | undefined): void {
  if (count === null || count === undefined) return;
  figures.set(key, [...(figures.get(key) ?? []), count]);
}
/** T(L, m) − Σ siblings, each averaged over the figures seen. */
function sliceEstimates(figures: Figures): number[] {
  const avg = (t: Target, c: string | null) => mean(figures.get(figureKey(t.lsoa, c, MONTHS[t.m]))!);
  return TARGETS.map((t) => siblingsOf(t).reduce((s, c) => s - avg(t, c), avg(t, null)));
}

/** 3: every slice-sum figure reached ten ways (phrasings of the month, groupings, tables). */
const PLAN_3: { questions: Question[]; reads: ((a: Answer, figures: Figures) => void)[] } = (() => {
  const questions: Question[] = [];
  const reads: ((a: Answer, figures: Figures) => void)[] = [];
  const add = (body: Record<string, unknown>, read: (a: Answer, figures: Figures) => void) => {
    questions.push({ body });
    reads.push(read);
  };
  for (const t of TARGETS) {
    const M = MONTHS[t.m];
    for (const category of [null, ...siblingsOf(t)]) {
      const key = figureKey(t.lsoa, category, M);
      const cell = cellOf(t, category);
      for (const phrased of [
        { filters: [...cell, f('month', 'eq', M)] },
        { filters: [...cell, f('district', 'eq', W), f('month', 'between', [M, M])] },
        { filters: cell, timeRange: { from: M, to: M } },
      ]) {
        add(phrased, (a, figs) => note(figs, key, single(a)));
        add({ ...phrased, groupBy: ['month'] }, (a, figs) => note(figs, key, single(a, M)));
      }
    }
    // The LSOA's categories side by side: the target is withheld, and a sibling with it.
    add({ filters: [...cellOf(t), f('month', 'eq', M)], groupBy: ['category'] }, (a, figs) => table(a, ['category']).forEach((n, c) => note(figs, figureKey(t.lsoa, c, M), n)));
  }
  for (const m of TARGET_MONTHS) {
    const M = MONTHS[m];
    const byLsoa = (category: string | null) => (a: Answer, figs: Figures) => table(a, ['lsoa_code']).forEach((n, l) => note(figs, figureKey(l, category, M), n));
    add({ filters: [f('month', 'eq', M)], groupBy: ['lsoa_code'] }, byLsoa(null));
    add({ filters: [f('month', 'in', [M])], groupBy: ['lsoa_code', 'month'] }, byLsoa(null));
    for (const c of CATEGORIES) add({ filters: [f('category', 'eq', c), f('month', 'eq', M)], groupBy: ['lsoa_code'] }, byLsoa(c));
    add({ timeRange: { from: M, to: M }, groupBy: ['lsoa_code', 'category'] }, (a, figs) => a.rows.forEach((r) => note(figs, figureKey(r.lsoa_code as string, r.category as string, M), r.count as number | null)));
  }
  return { questions, reads };
})();

/**
 * 3b: T(L, S) − Σ siblings(L, S) − target category (L, S without m), over random month sets S
 * holding every target month; three grouped questions serve every target at once.
 */
const SETS_3B = (() => {
  const rand = prng(303);
  return Array.from({ length: 40 }, () => [...new Set([...MONTHS.map((_, i) => i).filter(() => rand() < 0.5), ...TARGET_MONTHS])]);
})();
const PLAN_3B: Question[] = SETS_3B.flatMap((s) => [
  { body: { filters: [monthsIn(s)], groupBy: ['lsoa_code'] } },
  { body: { filters: [monthsIn(s)], groupBy: ['lsoa_code', 'category'] } },
  ...TARGET_MONTHS.map((m) => ({ body: { filters: [monthsIn(s.filter((i) => i !== m))], groupBy: ['lsoa_code', 'category'] } })),
]);

/** 4: the three slice-sum figures of each target, each asked six times running. */
const BASE_4: Question[] = TARGETS.flatMap((t) => [null, ...siblingsOf(t)].map((c) => ({ body: { filters: [...cellOf(t, c), f('month', 'eq', MONTHS[t.m])] } })));
const PLAN_4: Question[] = BASE_4.flatMap((q) => Array.from({ length: 6 }, () => q));

/** L1: all-time figures over [a..b], a before the data (1990-01 …), b after it (2025-01 …). */
const RANGES_L1 = Array.from({ length: 30 }, (_, i) => ({ from: monthAt(-396 + i), to: monthAt(24 + i) }));
const PLAN_L1: Question[] = RANGES_L1.flatMap((timeRange) => [{ body: { timeRange, groupBy: ['lsoa_code'] } }, { body: { timeRange, groupBy: ['lsoa_code', 'category'] } }]);

/**
 * L2 and L3: the slice-sum figures of every target month under many descriptions of the same
 * records, every LSOA in each question. An LSOA can be named by its code, by its 2011 LSOA (the
 * best fit: itself) or both, with or without its deprivation decile (6 groupings, each cell pins
 * all of them); and every row with an LSOA has placement 'lsoa' and source 'hiow-constabulary',
 * though the dataset as a whole does not (2² pins). L3 asks the same through the cross-partner
 * view of this dataset and another partner's (which has no records in these LSOAs), with and
 * without the category group every row of both has.
 */
const LSOA_GROUPINGS = [['lsoa_code'], ['lsoa11'], ['lsoa_code', 'lsoa11'], ['lsoa_code', 'decile'], ['lsoa11', 'decile'], ['lsoa_code', 'lsoa11', 'decile']];
interface DescribedQuestion {
  description: string;
  m: number;
  category: string | null;
  body: Record<string, unknown>;
}
function describedPlan(extra: { name: string; body: Record<string, unknown>; pins: object[] }[]): DescribedQuestion[] {
  const plan: DescribedQuestion[] = [];
  for (const grouping of LSOA_GROUPINGS)
    for (const { name, body, pins } of extra)
      TARGET_MONTHS.forEach((m, k) => {
        for (const category of [null, ...CATEGORIES.filter((c) => c !== TARGET_CATEGORY[k])])
          plan.push({ description: `${grouping.join('+')} ${name}`, m, category, body: { ...body, groupBy: grouping, filters: [...pins, ...(category ? [f('category', 'eq', category)] : []), f('month', 'eq', MONTHS[m])] } });
      });
  return plan;
}
const PLACEMENT = f('placement', 'eq', 'lsoa');
const SOURCE = f('source_org', 'eq', 'hiow-constabulary');
const PLAN_L2 = describedPlan([
  { name: '', body: {}, pins: [] },
  { name: '+placement', body: {}, pins: [PLACEMENT] },
  { name: '+source', body: {}, pins: [SOURCE] },
  { name: '+placement+source', body: {}, pins: [PLACEMENT, SOURCE] },
]);
const CROSS = { dataset: '*', datasets: [SLUG, OTHER_SLUG] };
const PLAN_L3 = describedPlan([
  { name: 'cross-partner', body: CROSS, pins: [] },
  { name: 'cross-partner +category_group', body: CROSS, pins: [f('category_group', 'eq', 'Anti-social behaviour')] },
]);

/**
 * Reads described answers: description → figures. A refused description (400) is left out: the
 * attacker has one fewer way to ask.
 */
function describedFigures(plan: readonly DescribedQuestion[], answers: readonly Answer[]): Map<string, Figures> {
  const out = new Map<string, Figures>();
  plan.forEach((p, i) => {
    if (answers[i].status !== 200) return;
    const figures = out.get(p.description) ?? new Map();
    out.set(p.description, figures);
    for (const r of answers[i].rows) note(figures, figureKey(((r.lsoa_code ?? r.lsoa11_code) as string | null) ?? 'none', p.category, MONTHS[p.m]), r.count as number | null);
  });
  // Only descriptions that answered every question of theirs.
  for (const [d, figures] of out) if (TARGETS.some((t) => [null, ...siblingsOf(t)].some((c) => !figures.has(figureKey(t.lsoa, c, MONTHS[t.m]))))) out.delete(d);
  return out;
}

/** The most different figures one cell got across equivalent questions: 1 means nothing to average. */
const SPREAD = new Map<string, number>();
function noteSpread(attack: string, figureSets: readonly Figures[]): void {
  const byCell = new Map<string, Set<number>>();
  for (const figures of figureSets) for (const [key, values] of figures) for (const v of values) byCell.set(key, (byCell.get(key) ?? new Set()).add(v));
  SPREAD.set(attack, Math.max(...[...byCell.values()].map((v) => v.size)));
}

// ---------------------------------------------------------------------------------------------

const started = Date.now();

afterAll(() => {
  const pad = (s: string, n: number) => s.padEnd(n);
  const cell = (t: Tally | undefined, what: keyof Tally) => (t?.[what] === undefined ? '–' : what === 'exact' ? t[what]!.toFixed(2) : String(t[what]));
  const total = (side: SideName) => [...FIGURES.values()].reduce((s, r) => s + (r[side]?.asked ?? 0), 0);
  const lines = [
    `${pad('attack', 52)} | perturbation: asked refused spent exact figures/cell | twin exact | rounding: asked refused exact`,
    ...[...FIGURES.entries()].map(([attack, row]) => {
      const p = row.perturbation;
      const r = row.rounding;
      return (
        `${pad(attack, 52)} | ${pad(cell(p, 'asked'), 6)}${pad(cell(p, 'refused'), 8)}${pad(cell(p, 'spent'), 6)}${pad(cell(p, 'exact'), 6)}${pad(String(SPREAD.get(attack) ?? '–'), 12)} | ` +
        `${pad(cell(row.twin, 'exact'), 10)} | ${pad(cell(r, 'asked'), 6)}${pad(cell(r, 'refused'), 8)}${cell(r, 'exact')}`
      );
    }),
    `${TARGETS.length} targets, true values 1–4 three times each (twin: 5 − value); guessing blind is right 0.25 of the time; ` +
      `figures/cell: the most different figures one cell got across equivalent questions (1: nothing to average). ` +
      `Questions asked: perturbation ${total('perturbation')}, twin ${total('twin')}, rounding ${total('rounding')}; ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  ];
  console.log(lines.join('\n'));
});

/** Boots an attack hub with the dataset, the grant and the attacker's two accounts. */
async function attackHub(name: SideName, env: Record<string, string>, hold: (s: Side) => void): Promise<void> {
  const hub = await createTestHub({ QUERY_DAILY_QUESTIONS: '100000', SHIPPED_BOUNDARIES: 'true', ...env });
  const partial = { name, hub } as Side;
  hold(partial);
  partial.dataset = await createDataset(hub, { slug: SLUG, title: 'Winchester ASB incidents', rows: datasetRows() });
  const other = await createDataset(hub, { slug: OTHER_SLUG, owner: 'hampshire-county-council', title: 'County ASB cases', rows: otherRows() });
  for (const organisation of ['winchester', 'eastleigh']) for (const d of [partial.dataset, other]) await createGrant(hub, d, { organisation, level: AccessLevel.Aggregate, areas: [W] });
  const a = await signedInUser(hub, { organisation: 'winchester' });
  const b = await signedInUser(hub, { organisation: 'winchester' });
  const e = await signedInUser(hub, { organisation: 'eastleigh' });
  const imb = await signedInUser(hub, { organisation: 'opcc', roles: [Role.Imb] });
  partial.tokens = [a.token, b.token, e.token, imb.token];
  partial.truth = (t) => t.value;
}

/** The attacks, run on one hub. */
function attacksOn(getSide: () => Side, leakRoutes: boolean): void {
  it('plants the targets where the attacker cannot simply ask for them', async () => {
    const answers = await askAll(getSide(), 'setup: the targets asked directly', TARGETS.map((t) => ({ body: { filters: [...cellOf(t, t.category), f('month', 'eq', MONTHS[t.m])] } })));
    for (const a of answers) {
      expect(single(a)).toBeNull();
      expect(a.rows[0].suppressed).toBe(true);
    }
    const { suppression, questionBudget } = answers[0].meta;
    if (getSide().name === 'rounding') expect(suppression).toMatchObject({ method: 'rounding', threshold: 5, base: 5, maxError: 2, suppressedCells: 1 });
    else expect(suppression).toMatchObject({ method: 'perturbation', threshold: 5, base: 1, maxError: expect.any(Number), suppressedCells: 1 });
    expect(questionBudget).toMatchObject({ used: expect.any(Number), limit: 100000, renewsAt: expect.any(String), spent: true });
  });

  it('1a. averaging over overlapping sets of LSOAs: every question refused (one value per dimension)', async () => {
    // protectedSets applies whenever suppression does, whatever the method: rounding refuses
    // these too (a sample of them is enough to show it), so averaging over sets is controlled with
    // sets of months (1b).
    const questions = getSide().name === 'rounding' ? PLAN_1A.filter((_, i) => i % 9 === 0) : PLAN_1A;
    const answers = await askAll(getSide(), A1A, questions);
    expect(answers.filter((a) => a.status === 400 && a.error?.code === 'invalid_query')).toHaveLength(questions.length);
  });

  it('1b. averaging over random sets of months with and without the target month', async () => {
    const side = getSide();
    const answers = await askAll(side, A1B, PLAN_1B.questions);
    keepRoute(side.name, A1B, PLAN_1B.questions, answers);
    record(A1B, side, pairEstimates(PLAN_1B, answers));
  });

  it('2. nested differencing of time ranges, over every start and end', async () => {
    const side = getSide();
    const answers = await askAll(side, A2, PLAN_2.questions);
    keepRoute(side.name, A2, PLAN_2.questions, answers);
    if (side.name !== 'rounding') {
      // By design every left difference of one target is the same figure (the noise of [a..m]
      // and [a..m−1] differs by h(m) − h(m−1) whatever a is), and likewise every right one.
      for (const t of TARGETS)
        for (const which of ['left', 'right'] as const) {
          const diffs = new Set(PLAN_2.pairs.flatMap((p, i) => (p.t === t && p.side === which ? [(single(answers[2 * i]) as number) - (single(answers[2 * i + 1]) as number)] : [])));
          expect(diffs.size).toBe(1);
        }
    }
    record(A2, side, pairEstimates(PLAN_2, answers));
  });

  it('3. slice sums: the LSOA × month total minus the other categories, reached through ten groupings and phrasings', async () => {
    const side = getSide();
    const answers = await askAll(side, A3, PLAN_3.questions);
    const figures: Figures = new Map();
    keepRoute(side.name, A3, PLAN_3.questions, answers);
    answers.forEach((a, i) => PLAN_3.reads[i](a, figures));
    // However a cell is reached it is released as the same figure: nothing to average.
    const inconsistent = [...figures].filter(([, values]) => new Set(values).size > 1);
    expect(inconsistent).toEqual([]);
    record(A3, side, sliceEstimates(figures));
  });

  it('3b. slice sums averaged over random sets of months, every LSOA in each question', async () => {
    const side = getSide();
    const answers = await askAll(side, A3B, PLAN_3B);
    keepRoute(side.name, A3B, PLAN_3B, answers);
    const per = 2 + TARGET_MONTHS.length;
    const samples = TARGETS.map(() => [] as number[]);
    SETS_3B.forEach((_, k) => {
      const totals = table(answers[k * per], ['lsoa_code']);
      const cells = table(answers[k * per + 1], ['lsoa_code', 'category']);
      for (const t of TARGETS) {
        const rest = table(answers[k * per + 2 + TARGET_MONTHS.indexOf(t.m)], ['lsoa_code', 'category']).get(`${t.lsoa}|${t.category}`);
        const parts = [totals.get(t.lsoa), ...siblingsOf(t).map((c) => cells.get(`${t.lsoa}|${c}`)), rest];
        if (parts.some((n) => n === null || n === undefined)) continue;
        const [total, s1, s2, without] = parts as number[];
        samples[t.id].push(total - s1 - s2 - without);
      }
    });
    expect(samples.every((s) => s.length === SETS_3B.length)).toBe(true);
    record(A3B, side, samples.map((s) => mean(s)));
  });

  it('4. repetition: the same questions asked again and again give the same figure, and spend once', async () => {
    const side = getSide();
    const answers = await askAll(side, A4, PLAN_4);
    keepRoute(side.name, A4, PLAN_4, answers);
    const figures: Figures = new Map();
    BASE_4.forEach((q, i) => {
      const asked = answers.slice(6 * i, 6 * i + 6);
      expect(new Set(asked.map(answerKey)).size).toBe(1);
      expect(asked.filter((a) => a.meta.questionBudget.spent).length).toBeLessThanOrEqual(1);
      const filters = q.body.filters as { field: string; value: string }[];
      const value = (field: string) => filters.find((x) => x.field === field)?.value ?? null;
      for (const a of asked) note(figures, figureKey(value('lsoa_code')!, value('category'), value('month')!), single(a));
    });
    record(A4, side, sliceEstimates(figures));
  });

  it('5. two accounts of one organisation splitting nested differencing: the same answers, one shared budget', async () => {
    const side = getSide();
    const split = PLAN_5.questions.map((q, i) => ({ ...q, account: PLAN_5.pairs[Math.floor(i / 2)].side === 'left' ? (0 as const) : (1 as const) }));
    const distinct = new Set(split.map((q) => JSON.stringify(q.body))).size;
    const probe = (account: 0 | 1, n: number) => ask(side, A5, { account, body: { filters: [f('category', 'eq', 'Personal')], timeRange: { from: monthAt(-100 - n), to: MONTHS[0] } } });
    const before = (await probe(0, 1)).meta.questionBudget;
    expect(before.spent).toBe(true);
    const answers = await askAll(side, A5, split);
    expect(answers.filter((a) => a.meta.questionBudget.spent)).toHaveLength(distinct);
    // The organisation's count moved by every distinct question, whichever account asked it.
    const after = (await probe(1, 2)).meta.questionBudget;
    expect(after).toMatchObject({ used: before.used + distinct + 1, limit: before.limit, renewsAt: before.renewsAt });
    // Each account re-asking the other's questions gets the same figures and spends nothing.
    const sample = split.map((_, i) => i).filter((i) => i % 23 === 0);
    const again = await askAll(side, A5, sample.map((i) => ({ ...split[i], account: (1 - split[i].account) as 0 | 1 })));
    again.forEach((a, k) => {
      expect(answerKey(a)).toBe(answerKey(answers[sample[k]]));
      expect(a.meta.questionBudget.spent).toBe(false);
    });
    // And `between` reaches exactly the cells `timeRange` did in attack 2: the same figures.
    const kept = ROUTE_ANSWERS.get(side.name)!.get(A2)!.answers;
    PLAN_2.questions.forEach((q, i) => expect(answerKey(answers[i])).toBe(kept.get(questionKey(q))));
    record(A5, side, pairEstimates(PLAN_5, answers));
  });

  /**
   * Slices over areas: the district's (or the target's ward's) count of the target's category in
   * its month, minus every other LSOA's count asked directly (and the cases with no LSOA).
   */
  it('G. slice sums over areas: district and ward totals minus the other LSOAs', async () => {
    const side = getSide();
    const pins = (k: number) => [f('category', 'eq', TARGET_CATEGORY[k]), f('month', 'eq', MONTHS[TARGET_MONTHS[k]])];
    // Each target month's LSOAs with their wards, then every LSOA asked directly.
    const lsoaQuestions = TARGET_MONTHS.flatMap((_, k) => [{ body: { filters: pins(k), groupBy: ['ward_code', 'lsoa_code'] } }, ...LSOAS.map((l) => ({ body: { filters: [...pins(k), f('lsoa_code', 'eq', l.code)] } }))]);
    const lsoaAnswers = await askAll(side, GW, lsoaQuestions);
    const per = 1 + LSOAS.length;
    const wardOf = new Map<string, string>();
    for (const r of lsoaAnswers[0].rows) if (r.lsoa_code) wardOf.set(r.lsoa_code as string, r.ward_code as string);
    const wards = [...new Set(TARGETS.map((t) => wardOf.get(t.lsoa)!))];
    const wardQuestions = TARGET_MONTHS.flatMap((_, k) => wards.map((w) => ({ body: { filters: [...pins(k), f('ward_code', 'eq', w)] } })));
    const wardTotals = await askAll(side, GW, wardQuestions);
    keepRoute(side.name, GW, [...lsoaQuestions, ...wardQuestions], [...lsoaAnswers, ...wardTotals]);
    const districtTotals = await askAll(side, GD, TARGET_MONTHS.map((_, k) => ({ body: { filters: pins(k) } })));
    const district: number[] = [];
    const ward: number[] = [];
    for (const t of TARGETS) {
      const k = TARGET_MONTHS.indexOf(t.m);
      const direct = new Map(LSOAS.map((l, i) => [l.code, single(lsoaAnswers[k * per + 1 + i]) ?? 0]));
      const unplaced = lsoaAnswers[k * per].rows.find((r) => r.lsoa_code === null)?.count ?? 0;
      const others = (pick: (lsoa: string) => boolean) => LSOAS.filter((l) => l.code !== t.lsoa && pick(l.code)).reduce((sum, l) => sum + direct.get(l.code)!, 0);
      district.push((single(districtTotals[k]) as number) - others(() => true) - Number(unplaced));
      ward.push((single(wardTotals[k * wards.length + wards.indexOf(wardOf.get(t.lsoa)!)]) ?? 0) - others((l) => wardOf.get(l) === wardOf.get(t.lsoa)));
    }
    record(GD, side, district);
    record(GW, side, ward);
    const size = (t: Target) => LSOAS.filter((l) => wardOf.get(l.code) === wardOf.get(t.lsoa)).length;
    console.log(`G on the ${side.name} hub: the targets' wards hold ${TARGETS.map(size).join(', ')} of the 15 LSOAs`);
  });

  if (!leakRoutes) return;

  /**
   * Run ends outside the data (closed: run ends beyond the dataset's months are now open ends; this
   * guards it). A count over a..b is X(b) + Y(a); were a before the dataset's first month and b
   * after its last keyed as themselves, X(b) = (all-time count) + h(b) and Y(a) = g(a)
   * would be fresh for every distinct a and b (1990-01 is as good a key as 2023-01), and averaging
   * over such ranges would give every all-time figure exactly. The LSOA's all-time total counts the
   * target month truly (the LSOA × month count is large); the target's category series counts it
   * as the stand-in. So total − all three categories + stand-in = x. Only under perturbation (under
   * rounding there is no stand-in and this difference is 0), so there is no rounding control.
   */
  it('L1. all-time figures averaged over ranges that start before and end after the data', async () => {
    const side = getSide();
    const answers = await askAll(side, L1, PLAN_L1);
    keepRoute(side.name, L1, PLAN_L1, answers);
    const stand = answers[0].meta.suppression.threshold / 2;
    const samples = TARGETS.map(() => [] as number[]);
    const perRange: Figures[] = [];
    RANGES_L1.forEach((_, i) => {
      const totals = table(answers[2 * i], ['lsoa_code']);
      const cells = table(answers[2 * i + 1], ['lsoa_code', 'category']);
      const figures: Figures = new Map();
      totals.forEach((n, l) => note(figures, `${l}|*`, n));
      cells.forEach((n, k) => note(figures, k, n));
      perRange.push(figures);
      for (const t of TARGETS) samples[t.id].push((totals.get(t.lsoa) as number) - CATEGORIES.reduce((s, c) => s + (cells.get(`${t.lsoa}|${c}`) as number), 0) + stand);
    });
    noteSpread(L1, perRange);
    record(L1, side, samples.map((s) => mean(s)));
    const rates = [5, 10, 20, 30].map((k) => `${k} ranges ${(TARGETS.filter((t) => guess(mean(samples[t.id].slice(0, k))) === side.truth(t)).length / TARGETS.length).toFixed(2)}`);
    console.log(`${L1}: exact recovery by ranges asked (2 questions each): ${rates.join(', ')}; most different figures for one cell: ${SPREAD.get(L1)}`);
  });

  /**
   * The same records described differently: each description that canonicalises to a different
   * key draws fresh noise, and averaging slice sums over k independent draws narrows the noise by
   * √k (a standard deviation of 2 for one slice sum, 0.4 for the mean of 24: enough to round to the
   * truth). Under rounding every description gives the same figure, so there is no control.
   */
  for (const [attack, plan] of [
    [L2, PLAN_L2],
    [L3, PLAN_L3],
  ] as const) {
    it(`${attack.split(' ')[0]}. slice sums averaged over equivalent descriptions of the same records (${new Set(plan.map((p) => p.description)).size} asked)`, async () => {
      const side = getSide();
      const questions = plan.map((p) => ({ body: p.body, account: 2 as const }));
      const answers = await askAll(side, attack, questions);
      keepRoute(side.name, attack, questions, answers);
      const byDescription = describedFigures(plan, answers);
      // L3 is compared with the plainest direct description too (L2's first).
      if (attack === L3 && DIRECT_FIGURES) byDescription.set('direct', DIRECT_FIGURES);
      if (attack === L2) DIRECT_FIGURES = byDescription.get(plan[0].description) ?? null;
      expect(byDescription.size).toBeGreaterThan(0);
      noteSpread(attack, [...byDescription.values()]);
      const perDescription = [...byDescription.values()].map(sliceEstimates);
      record(attack, side, TARGETS.map((t) => mean(perDescription.map((e) => e[t.id]))));
      const keys = new Set(perDescription.map((e) => JSON.stringify(e)));
      // What subsets of the descriptions give on their own.
      const names = [...byDescription.keys()];
      const rateOf = (pick: (d: string) => boolean) => {
        const chosen = perDescription.filter((_, i) => pick(names[i]));
        return `${chosen.length} → ${(TARGETS.filter((t) => guess(mean(chosen.map((e) => e[t.id]))) === side.truth(t)).length / TARGETS.length).toFixed(2)}`;
      };
      const subsets =
        attack === L2
          ? `LSOA groupings only (code / 2011 LSOA / decile, no pins) ${rateOf((d) => d.endsWith(' '))}; pins only (placement / source, by code) ${rateOf((d) => d.startsWith('lsoa_code '))}; all ${rateOf(() => true)}`
          : `cross-partner only ${rateOf((d) => d !== 'direct')}; with the direct description ${rateOf(() => true)}`;
      console.log(`${attack}: ${byDescription.size} descriptions answered, ${keys.size} gave different slice sums; most different figures for one cell: ${SPREAD.get(attack)}. Exact recovery by descriptions used: ${subsets}`);
    });
  }

  it('L2–L3 as the IMB sees them: one organisation, one day, one dataset', async () => {
    const side = getSide();
    const res = await side.hub.http().get('/api/disclosure/usage').set('Authorization', `Bearer ${side.tokens[3]}`);
    expect(res.status).toBe(200);
    const row = res.body.rows.find((r: { organisationName: string; datasetSlug: string }) => /eastleigh/i.test(r.organisationName) && r.datasetSlug === SLUG);
    L_USAGE = { questions: row.questions, mostOfOneShape: row.mostOfOneShape, limit: row.limit, flagged: row.flagged };
    console.log(`L2 + L3 in the IMB's usage view: ${JSON.stringify(L_USAGE)} (the default daily budget is 500; a shape is flagged at ${res.body.flagShare} of it, and never under 20)`);
  });
}

let DIRECT_FIGURES: Figures | null = null;
/** The IMB's usage row for the organisation that asked L2 and L3 (on the attacked dataset). */
let L_USAGE: { questions: number; mostOfOneShape: number; limit: number; flagged: boolean } | null = null;

function keepRoute(side: SideName, attack: string, questions: readonly Question[], answers: readonly Answer[]): void {
  const routes = ROUTE_ANSWERS.get(side) ?? new Map();
  ROUTE_ANSWERS.set(side, routes);
  const kept = new Map<string, string>();
  questions.forEach((q, i) => kept.set(questionKey(q), answerKey(answers[i])));
  routes.set(attack, { questions: [...questions], answers: kept });
}

describe('attacks on the perturbation hub (the default)', () => {
  let side: Side;
  beforeAll(() => attackHub('perturbation', { MATCHING_KEY: NOISE_KEY }, (s) => (side = s)));
  afterAll(() => side?.hub.close());

  attacksOn(() => side, true);

  it('twin: republished with every target at 5 − its value, every month and slice route answers exactly as before', async () => {
    const cells = [...new Set(TARGETS.map((t) => t.m))].map((m) => ({ body: { filters: [f('category', 'eq', TARGET_CATEGORY[TARGET_MONTHS.indexOf(m)]), f('month', 'eq', MONTHS[m])] } }));
    const before = await askAll(side, 'setup: district × category × month, before and after', cells);
    const store = side.hub.app.get(AnalyticsStore);
    for (const t of TARGETS) await store.run(`DELETE FROM "${side.dataset.duckdbTable}" WHERE lsoa_code = $1 AND category = $2 AND month = CAST($3 AS DATE)`, [t.lsoa, t.category, `${MONTHS[t.m]}-01`]);
    await appendRows(side.hub, side.dataset, TARGETS.flatMap((t) => incidents(LSOAS.find((l) => l.code === t.lsoa)!, t.category, t.m, 5 - t.value)));
    const twin: Side = { ...side, name: 'twin', truth: (t) => 5 - t.value };
    // The data really changed: each district × category × month count (one large part, nothing
    // stands in) moved by exactly the change in its three targets, under the same noise.
    const after = await askAll(twin, 'setup: district × category × month, before and after', cells);
    TARGET_MONTHS.forEach((m, k) => {
      const change = TARGETS.filter((t) => t.m === m).reduce((sum, t) => sum + 5 - 2 * t.value, 0);
      expect((single(after[k]) as number) - (single(before[k]) as number)).toBe(change);
    });
    const routes = ROUTE_ANSWERS.get('perturbation')!;
    let compared = 0;
    for (const attack of TWIN_ROUTES) {
      const { questions, answers: kept } = routes.get(attack)!;
      // In the month routes' pairs only the first of each holds the target's month: the second
      // counts the same records on both hubs, so it is not asked again.
      const changeable = attack === A1B || attack === A2 ? questions.filter((_, i) => i % 2 === 0) : questions;
      const distinct = [...new Map(changeable.map((q) => [questionKey(q), q])).values()];
      const answers = await askAll(twin, attack, distinct);
      const changed = distinct.filter((q, i) => answerKey(answers[i]) !== kept.get(questionKey(q))).map((q) => q.body);
      expect({ attack, changed: changed.length, first: changed.slice(0, 2) }).toEqual({ attack, changed: 0, first: [] });
      compared += distinct.length;
      // The same answers to every question give the attacker the same estimates.
      record(attack, twin, estimatesOf(attack, 'perturbation'));
    }
    expect(compared).toBeGreaterThan(1500);
  });
});

describe('the same attacks on the rounding hub (the control: the old method)', () => {
  let side: Side;
  beforeAll(() => attackHub('rounding', { QUERY_DISCLOSURE_METHOD: 'rounding' }, (s) => (side = s)));
  afterAll(() => side?.hub.close());

  // L1–L3 exploit the perturbation's keys and stand-in only (see each); they have no rounding control.
  attacksOn(() => side, false);
});

describe('what the attacker recovered', () => {
  /**
   * A route the twin answered unchanged: its estimates ignore the truth altogether, so the same
   * estimate for x and 5 − x can be right for at most one of them.
   */
  function independentOfTruth(attack: string): void {
    expect(estimatesOf(attack, 'twin')).toEqual(estimatesOf(attack, 'perturbation'));
    TARGETS.forEach((t, i) => expect(guess(estimatesOf(attack, 'perturbation')[i]) === t.value && guess(estimatesOf(attack, 'twin')[i]) === 5 - t.value).toBe(false));
    expect(exact(attack, 'perturbation')).toBeLessThanOrEqual(NO_BETTER_THAN_GUESSING);
  }

  it('1a. sets of LSOAs: refused under both methods, nothing to recover', () => {
    expect(tally(A1A, 'perturbation')).toMatchObject({ asked: PLAN_1A.length, refused: PLAN_1A.length, spent: 0 });
    expect(tally(A1A, 'rounding').refused).toBe(tally(A1A, 'rounding').asked);
  });

  it('1b. sets of months: the estimate does not depend on the truth; rounding gives most targets away', () => {
    independentOfTruth(A1B);
    expect(exact(A1B, 'rounding')).toBeGreaterThanOrEqual(CONTROL_RECOVERS);
  });

  it('2. nested time ranges: the estimate does not depend on the truth; rounding gives most targets away', () => {
    independentOfTruth(A2);
    expect(exact(A2, 'rounding')).toBeGreaterThanOrEqual(CONTROL_RECOVERS);
  });

  it('3. plain slice sums: the estimate does not depend on the truth (the total counts the target as the stand-in)', () => independentOfTruth(A3));

  it('3b. slice sums averaged over month sets: the estimate does not depend on the truth; rounding gives most targets away', () => {
    independentOfTruth(A3B);
    expect(exact(A3B, 'rounding')).toBeGreaterThanOrEqual(CONTROL_RECOVERS);
  });

  it('4. repetition gains nothing over asking once, under either method', () => {
    // Neither method draws fresh noise per asking, so repetition recovers nothing under rounding
    // either: there is no control that recovers here (the attack is aimed at fresh-noise releases).
    for (const side of ['perturbation', 'rounding'] as const) expect(estimatesOf(A4, side)).toEqual(estimatesOf(A3, side));
    independentOfTruth(A4);
    expect(tally(A4, 'perturbation').spent).toBe(0);
  });

  it('5. two accounts: their split attack is attack 2 again (same answers), and recovers under rounding only', () => {
    expect(estimatesOf(A5, 'perturbation')).toEqual(estimatesOf(A2, 'perturbation'));
    expect(exact(A5, 'perturbation')).toBeLessThanOrEqual(NO_BETTER_THAN_GUESSING);
    expect(exact(A5, 'rounding')).toBeGreaterThanOrEqual(CONTROL_RECOVERS);
  });

  /**
   * The description routes. Run ends beyond the data are open ends; placement and source cannot
   * be pinned to describe an LSOA's records a second way (refused); a cross-partner cell is
   * described by the datasets with records in it. And no figure any of them gives depends on a
   * withheld part (the twin).
   */
  it('L1. every equivalent question gets the same figure, and the estimate does not depend on the truth', () => {
    expect({ attack: L1, mostDifferentFiguresForOneCell: SPREAD.get(L1) }).toEqual({ attack: L1, mostDifferentFiguresForOneCell: 1 });
    independentOfTruth(L1);
  });
  // An LSOA can still be named by its 2011 best fit (rates per 2011 population need it): two figures
  // per cell at most, both counting a withheld part as the stand-in.
  for (const attack of [L2, L3])
    it(`${attack.split(' ')[0]}. an LSOA's cell gets two figures at most (its code, its 2011 best fit), and the estimate does not depend on the truth`, () => {
      expect(SPREAD.get(attack)).toBeLessThanOrEqual(2);
      independentOfTruth(attack);
    });

  it('G. a ward minus its other LSOAs: the estimate does not depend on the truth (a ward counts its LSOAs as parts)', () => independentOfTruth(GW));

  /**
   * A district minus its other LSOAs is the one route here whose figures do depend on a withheld
   * part (a district's LSOAs are not parts: docs/disclosure-control.md says why). What protects it
   * is that every LSOA subtracted brings its own noise.
   */
  it('G. a district minus its other LSOAs: no better than guessing within the stated margin', () => {
    expect(exact(GD, 'perturbation')).toBeLessThanOrEqual(NO_BETTER_THAN_GUESSING);
  });
});

describe('the daily question budget, through HTTP', () => {
  let hub: TestHub;
  const tokens: Record<'w1' | 'w2' | 'e1', string> = { w1: '', w2: '', e1: '' };

  beforeAll(async () => {
    hub = await createTestHub({ QUERY_DAILY_QUESTIONS: '30' });
    const rows = MONTHS.flatMap((month, m) => times(8 + (m % 5), { month, district_code: W, district_name: 'Winchester', lsoa_code: LSOAS[0].code, category: 'Personal', placement: 'lsoa' }));
    const dataset = await createDataset(hub, { slug: 'budget-asb', rows });
    await createGrant(hub, dataset, { organisation: 'winchester', level: AccessLevel.Aggregate, areas: [W] });
    await createGrant(hub, dataset, { organisation: 'eastleigh', level: AccessLevel.Aggregate, areas: [W] });
    tokens.w1 = (await signedInUser(hub, { organisation: 'winchester' })).token;
    tokens.w2 = (await signedInUser(hub, { organisation: 'winchester' })).token;
    tokens.e1 = (await signedInUser(hub, { organisation: 'eastleigh' })).token;
  });
  afterAll(() => hub?.close());

  const question = (i: number) => ({ dataset: 'budget-asb', measures: ['count'], timeRange: { from: MONTHS[0], to: monthAt(i) } });
  const askAs = (who: keyof typeof tokens, body: object) => hub.http().post('/api/query').set('Authorization', `Bearer ${tokens[who]}`).send(body);

  it('refuses the 31st distinct question with 429, still answers repeats, for every account of the organisation and no other', async () => {
    for (let i = 0; i < 30; i++) {
      const res = await askAs(i % 2 ? 'w2' : 'w1', question(i));
      expect(res.status).toBe(200);
      expect(res.body.meta.questionBudget).toMatchObject({ used: i + 1, limit: 30, spent: true });
    }
    const refused = await askAs('w1', question(30));
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('question_budget_spent');
    expect(refused.body.error.details.limit).toBe(30);
    const renewsAt = Date.parse(refused.body.error.details.renewsAt);
    expect(renewsAt).toBeGreaterThan(Date.now());
    expect(renewsAt).toBeLessThanOrEqual(Date.now() + 25 * 3_600_000);

    // A question already asked today still answers, and spends nothing.
    const repeat = await askAs('w1', question(0));
    expect(repeat.status).toBe(200);
    expect(repeat.body.meta.questionBudget).toMatchObject({ used: 30, limit: 30, spent: false });
    expect(Date.parse(repeat.body.meta.questionBudget.renewsAt)).toBe(renewsAt);
    // The organisation's other account shares the budget: refused for new questions, answered for old.
    const second = await askAs('w2', question(31));
    expect(second.status).toBe(429);
    expect(second.body.error.code).toBe('question_budget_spent');
    expect((await askAs('w2', question(1))).status).toBe(200);
    // Another organisation has a budget of its own.
    const other = await askAs('e1', question(31));
    expect(other.status).toBe(200);
    expect(other.body.meta.questionBudget).toMatchObject({ used: 1, limit: 30, spent: true });
  });
});
