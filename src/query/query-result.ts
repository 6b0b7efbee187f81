import type { AccessLevel } from '../access/access-level.js';
import type { OutputType } from './query-spec.js';

export interface ResultColumn {
  name: string;
  type: OutputType;
  label: string;
}

/** Disclosure control applied to an answer. */
export interface SuppressionSummary {
  /** `perturbation`: each count moved by a fixed, keyed amount (docs/disclosure-control.md). */
  method: 'perturbation' | 'rounding';
  threshold: number;
  /** Rounding base (1 under perturbation). */
  base: number;
  /** No released count differs from the true count by more than this. */
  maxError: number;
  /** The bound for a count with no withheld part inside it (`maxError` is larger when one has some). */
  baseError?: number;
  /** Cells withheld: small counts, and the cells withheld to protect them. */
  suppressedCells: number;
}

export interface ResultMeta {
  dataset: string;
  kind: 'aggregate' | 'records';
  /** The level the answer was given at (the lowest among the datasets used). */
  level: AccessLevel;
  /** Present when counts were suppressed and rounded. */
  suppression: SuppressionSummary | null;
  offset: number;
  limit: number;
  /** More rows follow this page. */
  hasMore: boolean;
  /** Datasets used, with the version each answer was computed from. */
  datasets: { slug: string; version: number; level: AccessLevel }[];
  cached: boolean;
  /** The organisation's daily question budget on the protected dataset nearest its limit. */
  questionBudget?: { used: number; limit: number; renewsAt: string; spent: boolean };
}

/** An answer, column by column (as Arrow wants it); JSON and CSV read it row by row. */
export interface QueryResult {
  columns: ResultColumn[];
  values: unknown[][];
  rowCount: number;
  meta: ResultMeta;
}

/** Name of the boolean column marking rows whose counts were withheld. */
export const SUPPRESSED_COLUMN = 'suppressed';
