import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { MAIL_ENV, type MailConfig, mailConfig, type SchedulerConfig } from './mail-config.js';
import { projectRoot } from '../common/project-root.js';
import { type CaseReviewConfig, parseCaseReviewKey, parseThresholds } from './case-review-config.js';

/** Typed, validated configuration, read once at boot from the environment. */
export interface AppConfig {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  dataDir: string;
  /** A PostgreSQL server; when absent the hub runs its own PostgreSQL under `dataDir/postgres`. */
  databaseUrl: string | undefined;
  /** The embedded PostgreSQL's data folder. */
  embeddedPostgresDir: string;
  /** OS account the embedded PostgreSQL runs as when the hub runs as root (created if missing). */
  embeddedPostgresUser: string;
  duckdbPath: string;
  duckdb: { threads: number; memoryLimit: string };
  referenceDataDir: string | undefined;
  /**
   * Reference data shipped in the repository (`reference/`, docs/reference-data.md): boundaries used
   * when none have been loaded, the deprivation file loaded when none has been.
   */
  shippedReference: { boundaries: boolean; dir: string };
  auth: {
    jwtSecret: string;
    tokenTtlSeconds: number;
    sessionMaxHours: number;
    maxFailedSignIns: number;
    lockMinutes: number;
    signInsPerMinutePerAddress: number;
    /** Key that seals identity-provider client secrets and private keys at rest (SECRETS_KEY). */
    secretsKey: string;
    /** Longest lifetime an API token may be given, in days. */
    apiTokenMaxDays: number;
  };
  /** The hub's address as browsers reach it; OpenID Connect redirect URIs are built on it. */
  publicUrl: string;
  demo: { seed: boolean; password: string };
  /** ETL: upload limit and working folders (see docs/etl.md). */
  ingest: {
    maxFileBytes: number;
    uploadDir: string;
    workDir: string;
    geographyDir: string;
    /** Check feed inboxes on their schedules. */
    inboxes: boolean;
    /** Generated demo data loaded on an empty database (outside production, with demo seeding). */
    demoData: boolean;
    demoMonths: number;
    demoRowsPerMonth: number;
  };
  http: { bodyLimit: string; trustProxy: boolean };
  logLevel: string;
  /** `pretty` for people at a terminal, `json` for log collectors. */
  logFormat: 'json' | 'pretty';
  /** Access governance (src/governance): approval rules and access-review thresholds. */
  governance: GovernanceConfig;
  /** Query engine limits and disclosure control (docs/query.md). */
  query: QueryConfig;
  /** Disclosure control of aggregate-only access (docs/disclosure-control.md). */
  disclosure: DisclosureConfig;
  /** Threat, risk and harm analytics and pseudonymised matching (docs/analytics.md). */
  analytics: AnalyticsConfig;
  /** Email delivery through the outbox (docs/notifications.md). */
  mail: MailConfig;
  /** Scheduled jobs on the catalogue database (docs/notifications.md). */
  scheduler: SchedulerConfig;
  /** Scheduled backups (docs/operations.md): cron (empty = off), folder, how many to keep. */
  backup: { cron: string; dir: string; keep: number };
  /** The ASB case review (docs/case-review.md). */
  caseReview: CaseReviewConfig;
  /** When the retention job runs (cron); empty turns it off. */
  retentionCron: string;
}

export interface DisclosureConfig {
  /** `perturbation` (the default); `rounding` is the method before it, kept for the attack tests' control run. */
  method: 'perturbation' | 'rounding';
  /** Each end of a run of months moves a count by at most this much (QUERY_NOISE_SPREAD). */
  spread: number;
  /** Distinct questions an organisation may ask a protected dataset a day (QUERY_DAILY_QUESTIONS). */
  dailyQuestions: number;
  /** The IMB sees a flag when one question shape takes this share of a day's budget. */
  flagShare: number;
  /** The highest threshold a data owner may set (health data 1–7 withheld: 8). */
  maxThreshold: number;
  /** Secret the perturbation is keyed on; derived from the matching key. */
  noiseSecret: Buffer;
}

export interface AnalyticsConfig {
  /** HMAC-SHA256 secret for subject and place keys (MATCHING_KEY). Never written to DuckDB or the repository. */
  matchingKey: string;
  /** Repeat victims and locations: this many incidents within `windowDays`, or known to `partners` partners. */
  repeat: { incidents: number; windowDays: number; partners: number; lookbackDays: number };
  /** Community Trigger: this many complaints within `windowDays`, each reported within `reportWithinDays` of the incident. */
  trigger: { complaints: number; windowDays: number; reportWithinDays: number };
  /** Emerging trends: latest month against a baseline of `baselineMonths`, flagged when p < `pValue` and count ≥ `minCount`. */
  trends: { pValue: number; minCount: number; baselineMonths: number };
  /** Hotspots: the rolling period compared with the one before. */
  hotspots: { periodDays: number; limit: number };
}

export interface QueryConfig {
  suppressionThreshold: number;
  roundingBase: number;
  maxGroups: number;
  maxRecordRows: number;
  defaultRecordRows: number;
  cacheEntries: number;
  cacheTtlSeconds: number;
}

/** Who must approve an access request: either approver, both, or one named kind only. */
export type ApprovalRule = 'either' | 'both' | 'data_owner' | 'imb';

export interface GovernanceConfig {
  /** Approval rule per dataset sensitivity (OFFICIAL, OFFICIAL-SENSITIVE). */
  approvalRules: { official: ApprovalRule; officialSensitive: ApprovalRule };
  /** Access review highlights: grants unused, grants expiring soon, accounts inactive. */
  review: { unusedDays: number; expiringDays: number; inactiveDays: number };
  /** When the expiring-grant notification sweep runs (cron syntax); empty turns it off. */
  sweepCron: string;
}

/** A problem the operator can fix before starting again; printed without a stack trace. */
export class StartupError extends Error {}

export class ConfigError extends StartupError {}

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(0, 65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  EMBEDDED_POSTGRES_DIR: z.string().min(1).optional(),
  EMBEDDED_POSTGRES_USER: z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'must be an OS account name').default('postgres'),
  DUCKDB_PATH: z.string().min(1).optional(),
  DUCKDB_THREADS: int(1, 64).default(2),
  DUCKDB_MEMORY_LIMIT: z.string().regex(/^\d+(\.\d+)?\s?(MB|GB|MiB|GiB)$/i, 'must look like 512MB or 2GB').default('1GB'),
  REFERENCE_DATA_DIR: z.string().min(1).optional(),
  SHIPPED_BOUNDARIES: bool.default(true),
  INGEST_MAX_FILE_MB: int(1, 100_000).default(1024),
  INGEST_INBOXES: bool.default(true),
  DEMO_DATA: bool.optional(),
  DEMO_DATA_MONTHS: int(1, 120).default(24),
  DEMO_DATA_ROWS_PER_MONTH: int(10, 1_000_000).default(2000),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TOKEN_TTL_SECONDS: int(60, 86400).default(900),
  SESSION_MAX_HOURS: int(1, 168).default(12),
  SIGNIN_MAX_FAILURES: int(1, 100).default(5),
  SIGNIN_LOCK_MINUTES: int(1, 1440).default(15),
  SIGNIN_RATE_PER_MINUTE: int(1, 10000).default(30),
  SECRETS_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  API_TOKEN_MAX_DAYS: int(1, 3650).default(366),
  PUBLIC_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL like https://hub.example.gov.uk' }).optional(),
  DEMO_SEED: bool.optional(),
  DEMO_PASSWORD: z.string().min(12, 'must be at least 12 characters').default('hampshire-demo-2026'),
  BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/, 'must look like 1mb or 512kb').default('1mb'),
  TRUST_PROXY: bool.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  QUERY_SUPPRESSION_THRESHOLD: int(2, 100).default(5),
  QUERY_ROUNDING_BASE: int(1, 100).default(5),
  QUERY_MAX_GROUPS: int(10, 1_000_000).default(50_000),
  QUERY_MAX_RECORD_ROWS: int(1, 1_000_000).default(100_000),
  QUERY_DEFAULT_RECORD_ROWS: int(1, 100_000).default(1_000),
  QUERY_CACHE_ENTRIES: int(0, 100_000).default(500),
  QUERY_CACHE_TTL_SECONDS: int(1, 86_400).default(600),
  QUERY_DISCLOSURE_METHOD: z.enum(['perturbation', 'rounding']).default('perturbation'),
  QUERY_NOISE_SPREAD: int(0, 3).default(1),
  QUERY_DAILY_QUESTIONS: int(1, 100_000).default(500),
  QUERY_ATTACK_FLAG_SHARE: z.coerce.number().gt(0).max(1).default(0.2),
  QUERY_MAX_THRESHOLD: int(2, 11).default(8),
  MATCHING_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  REPEAT_MIN_INCIDENTS: int(2, 100).default(3),
  REPEAT_WINDOW_DAYS: int(1, 3650).default(182),
  REPEAT_MIN_PARTNERS: int(2, 20).default(2),
  REPEAT_LOOKBACK_DAYS: int(1, 3650).default(365),
  TRIGGER_MIN_COMPLAINTS: int(1, 100).default(3),
  TRIGGER_WINDOW_DAYS: int(1, 3650).default(182),
  TRIGGER_REPORT_WITHIN_DAYS: int(0, 365).default(31),
  TREND_P_VALUE: z.coerce.number().gt(0).max(0.5).default(0.01),
  TREND_MIN_COUNT: int(1, 10_000).default(5),
  TREND_BASELINE_MONTHS: int(3, 60).default(12),
  HOTSPOT_PERIOD_DAYS: int(7, 730).default(90),
  APPROVAL_RULE_OFFICIAL: z.enum(['either', 'both', 'data_owner', 'imb']).default('either'),
  APPROVAL_RULE_OFFICIAL_SENSITIVE: z.enum(['either', 'both', 'data_owner', 'imb']).default('both'),
  REVIEW_UNUSED_DAYS: int(1, 3650).default(90),
  REVIEW_EXPIRING_DAYS: int(1, 3650).default(30),
  REVIEW_INACTIVE_DAYS: int(1, 3650).default(90),
  BACKUP_CRON: z.string().regex(/^(off|[\d*/,\- ]+)$/, 'must be a cron expression like 30 2 * * *, or off').optional(),
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_KEEP: int(1, 1000).default(7),
  CASE_REVIEW_KEY: z.string().optional(),
  CASE_REVIEW_THRESHOLDS: z.string().optional(),
  CASE_REVIEW_HATE_COMPLAINTS: int(1, 100).default(1),
  CASE_REVIEW_VULNERABLE_COMPLAINTS: int(1, 100).default(2),
  CASE_REVIEW_DECIDE_DAYS: int(1, 250).default(10),
  CASE_REVIEW_HOLD_DAYS: int(1, 250).default(15),
  CASE_REVIEW_RESPOND_DAYS: int(1, 250).default(20),
  CASE_REVIEW_REMIND_DAYS: int(0, 50).default(2),
  CASE_REVIEW_PACK_DAYS: int(1, 366).default(90),
  CASE_REVIEW_SWEEP_CRON: z.string().regex(/^(off|[\d*/,\- ]+)$/, 'must be a cron expression like 0 7 * * 1-5, or off').optional(),
  RETENTION_CRON: z.string().regex(/^(off|[\d*/,\- ]+)$/, 'must be a cron expression like 15 3 * * *, or off').optional(),
  GOVERNANCE_SWEEP_CRON: z.string().regex(/^(off|[\d*/,\- ]+)$/, 'must be a cron expression like 0 6 * * *, or off').optional(),
  ...MAIL_ENV,
});

/**
 * Reads and validates the environment. Fails fast with a message naming each bad variable.
 * Outside production a missing JWT_SECRET or MATCHING_KEY is generated once and kept in the data folder.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = schema.safeParse(stripEmpty(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  if (e.QUERY_ROUNDING_BASE > 2 * e.QUERY_SUPPRESSION_THRESHOLD) {
    throw new ConfigError('Invalid configuration:\n  QUERY_ROUNDING_BASE: must be at most twice QUERY_SUPPRESSION_THRESHOLD, or released counts could round to zero');
  }
  if (e.NODE_ENV === 'production' && !e.JWT_SECRET) {
    throw new ConfigError('Invalid configuration:\n  JWT_SECRET: required when NODE_ENV=production');
  }
  if (e.NODE_ENV === 'production' && !e.SECRETS_KEY) {
    throw new ConfigError(
      'Invalid configuration:\n  SECRETS_KEY: required when NODE_ENV=production (seals identity-provider client secrets in the database, at least 32 characters; keep it outside the database)',
    );
  }
  if (e.NODE_ENV === 'production' && !e.MATCHING_KEY) {
    throw new ConfigError(
      'Invalid configuration:\n  MATCHING_KEY: required when NODE_ENV=production (the secret for pseudonymous subject and place keys, at least 32 characters; keep it outside DuckDB and the repository, and never change it without re-keying every dataset)',
    );
  }
  if (e.NODE_ENV === 'production' && !e.CASE_REVIEW_KEY) {
    throw new ConfigError('Invalid configuration:\n  CASE_REVIEW_KEY: required when NODE_ENV=production (32 bytes as 64 hex characters: the key that encrypts ASB case review applicants\' details)');
  }
  let mail: ReturnType<typeof mailConfig>;
  try {
    mail = mailConfig(e);
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n${(err as Error).message}`);
  }
  return {
    ...mail,
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    embeddedPostgresDir: path.resolve(e.EMBEDDED_POSTGRES_DIR ?? path.join(dataDir, 'postgres')),
    embeddedPostgresUser: e.EMBEDDED_POSTGRES_USER,
    duckdbPath: e.DUCKDB_PATH === ':memory:' ? ':memory:' : path.resolve(e.DUCKDB_PATH ?? path.join(dataDir, 'analytics.duckdb')),
    duckdb: { threads: e.DUCKDB_THREADS, memoryLimit: e.DUCKDB_MEMORY_LIMIT },
    referenceDataDir: e.REFERENCE_DATA_DIR ? path.resolve(e.REFERENCE_DATA_DIR) : undefined,
    shippedReference: { boundaries: e.SHIPPED_BOUNDARIES, dir: path.join(projectRoot(), 'reference') },
    auth: {
      jwtSecret: e.JWT_SECRET ?? persistedSecret(dataDir),
      tokenTtlSeconds: e.TOKEN_TTL_SECONDS,
      sessionMaxHours: e.SESSION_MAX_HOURS,
      maxFailedSignIns: e.SIGNIN_MAX_FAILURES,
      lockMinutes: e.SIGNIN_LOCK_MINUTES,
      signInsPerMinutePerAddress: e.SIGNIN_RATE_PER_MINUTE,
      secretsKey: e.SECRETS_KEY ?? persistedSecret(dataDir, '.secrets-key'),
      apiTokenMaxDays: e.API_TOKEN_MAX_DAYS,
    },
    publicUrl: (e.PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' || e.HOST === '::' ? 'localhost' : e.HOST}:${e.PORT}`).replace(/\/+$/, ''),
    demo: { seed: e.DEMO_SEED ?? e.NODE_ENV !== 'production', password: e.DEMO_PASSWORD },
    ingest: {
      maxFileBytes: e.INGEST_MAX_FILE_MB * 1024 * 1024,
      uploadDir: path.join(dataDir, 'uploads'),
      workDir: path.join(dataDir, 'ingest-work'),
      geographyDir: path.join(dataDir, 'geography'),
      inboxes: e.INGEST_INBOXES,
      demoData: e.DEMO_DATA ?? (e.DEMO_SEED ?? e.NODE_ENV !== 'production'),
      demoMonths: e.DEMO_DATA_MONTHS,
      demoRowsPerMonth: e.DEMO_DATA_ROWS_PER_MONTH,
    },
    http: { bodyLimit: e.BODY_LIMIT, trustProxy: e.TRUST_PROXY },
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (e.NODE_ENV !== 'production' && process.stdout.isTTY ? 'pretty' : 'json'),
    query: {
      suppressionThreshold: e.QUERY_SUPPRESSION_THRESHOLD,
      roundingBase: e.QUERY_ROUNDING_BASE,
      maxGroups: e.QUERY_MAX_GROUPS,
      maxRecordRows: e.QUERY_MAX_RECORD_ROWS,
      defaultRecordRows: Math.min(e.QUERY_DEFAULT_RECORD_ROWS, e.QUERY_MAX_RECORD_ROWS),
      cacheEntries: e.QUERY_CACHE_ENTRIES,
      cacheTtlSeconds: e.QUERY_CACHE_TTL_SECONDS,
    },
    disclosure: {
      method: e.QUERY_DISCLOSURE_METHOD,
      spread: e.QUERY_NOISE_SPREAD,
      dailyQuestions: e.QUERY_DAILY_QUESTIONS,
      flagShare: e.QUERY_ATTACK_FLAG_SHARE,
      maxThreshold: e.QUERY_MAX_THRESHOLD,
      noiseSecret: createHmac('sha256', e.MATCHING_KEY ?? persistedSecret(dataDir, '.matching-key')).update('csp-hub disclosure perturbation').digest(),
    },
    analytics: {
      matchingKey: e.MATCHING_KEY ?? persistedSecret(dataDir, '.matching-key'),
      repeat: { incidents: e.REPEAT_MIN_INCIDENTS, windowDays: e.REPEAT_WINDOW_DAYS, partners: e.REPEAT_MIN_PARTNERS, lookbackDays: e.REPEAT_LOOKBACK_DAYS },
      trigger: { complaints: e.TRIGGER_MIN_COMPLAINTS, windowDays: e.TRIGGER_WINDOW_DAYS, reportWithinDays: e.TRIGGER_REPORT_WITHIN_DAYS },
      trends: { pValue: e.TREND_P_VALUE, minCount: e.TREND_MIN_COUNT, baselineMonths: e.TREND_BASELINE_MONTHS },
      hotspots: { periodDays: e.HOTSPOT_PERIOD_DAYS, limit: 50 },
    },
    retentionCron: e.RETENTION_CRON === 'off' ? '' : (e.RETENTION_CRON ?? (e.NODE_ENV === 'test' ? '' : '15 3 * * *')),
    backup: {
      cron: !e.BACKUP_CRON || e.BACKUP_CRON === 'off' ? '' : e.BACKUP_CRON,
      dir: path.resolve(e.BACKUP_DIR ?? path.join(dataDir, 'backups')),
      keep: e.BACKUP_KEEP,
    },
    caseReview: caseReviewConfig(e, dataDir),
    governance: {
      approvalRules: { official: e.APPROVAL_RULE_OFFICIAL, officialSensitive: e.APPROVAL_RULE_OFFICIAL_SENSITIVE },
      review: { unusedDays: e.REVIEW_UNUSED_DAYS, expiringDays: e.REVIEW_EXPIRING_DAYS, inactiveDays: e.REVIEW_INACTIVE_DAYS },
      sweepCron: e.GOVERNANCE_SWEEP_CRON === 'off' ? '' : (e.GOVERNANCE_SWEEP_CRON ?? (e.NODE_ENV === 'test' ? '' : '0 6 * * *')),
    },
  };
}

function caseReviewConfig(e: z.infer<typeof schema>, dataDir: string): CaseReviewConfig {
  const within = e.TRIGGER_REPORT_WITHIN_DAYS;
  const windowDays = e.TRIGGER_WINDOW_DAYS;
  const base = {
    standard: { complaints: e.TRIGGER_MIN_COMPLAINTS, windowDays },
    hateIncident: { complaints: e.CASE_REVIEW_HATE_COMPLAINTS, windowDays },
    vulnerableVictim: { complaints: e.CASE_REVIEW_VULNERABLE_COMPLAINTS, windowDays },
    reportWithinDays: within,
  };
  const named = <T>(name: string, read: () => T): T => {
    try {
      return read();
    } catch (err) {
      throw new ConfigError(`Invalid configuration:\n  ${name}: ${(err as Error).message}`);
    }
  };
  return {
    key: named('CASE_REVIEW_KEY', () => parseCaseReviewKey(e.CASE_REVIEW_KEY ?? persistedSecret(dataDir, '.case-review-key', () => randomBytes(32).toString('hex')))),
    thresholds: named('CASE_REVIEW_THRESHOLDS', () => parseThresholds(e.CASE_REVIEW_THRESHOLDS, base)),
    workingDays: { decide: e.CASE_REVIEW_DECIDE_DAYS, hold: e.CASE_REVIEW_HOLD_DAYS, respond: e.CASE_REVIEW_RESPOND_DAYS },
    remindWorkingDays: e.CASE_REVIEW_REMIND_DAYS,
    packDays: e.CASE_REVIEW_PACK_DAYS,
    sweepCron: e.CASE_REVIEW_SWEEP_CRON === 'off' ? '' : (e.CASE_REVIEW_SWEEP_CRON ?? (e.NODE_ENV === 'test' ? '' : '0 7 * * 1-5')),
  };
}

function stripEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')) as Record<
    string,
    string
  >;
}

/** A secret generated once and kept in the data folder (outside production only). */
function persistedSecret(dataDir: string, name = '.jwt-secret', make = () => randomBytes(48).toString('base64url')): string {
  const file = path.join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = make();
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
