import { z } from 'zod';

/** Email (src/mail), the job scheduler (src/scheduler) and what runs on it; docs/notifications.md. */
export interface MailConfig {
  /** SMTP server; null when SMTP_HOST is unset: notifications stay in the app only. */
  smtp: { host: string; port: number; secure: boolean; requireTls: boolean; user: string | undefined; password: string | undefined; from: string } | null;
  /** The hub's address as people reach it; every message links here. */
  publicUrl: string;
  /** A failed send waits base × 2^(attempt − 1) seconds (capped at an hour); after maxAttempts it is kept as failed. */
  retryBaseSeconds: number;
  maxAttempts: number;
  /** How often the outbox is checked for messages due (it is also woken when one is queued). */
  pollSeconds: number;
  /** How long one SMTP conversation may stall (connecting, waiting for the greeting, or silent) before it counts as failed. */
  timeoutSeconds: number;
}

export interface SchedulerConfig {
  /** Whether this process runs scheduled jobs (off in tests unless asked). */
  enabled: boolean;
  pollSeconds: number;
  /** Time zone of the cron expressions. */
  timeZone: string;
  /** Cron expression per job name; `off` turns a job off. */
  crons: Record<string, string>;
}

const cron = z.string().regex(/^(off|[\d*/,\- ]+)$/, 'must be a cron expression like 0 6 * * *, or off');
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

export const MAIL_ENV = {
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  SMTP_SECURE: bool.default(false),
  SMTP_REQUIRE_TLS: bool.default(false),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  MAIL_FROM: z.string().min(3).optional(),
  MAIL_RETRY_BASE_SECONDS: z.coerce.number().min(0.05).max(3600).default(30),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
  MAIL_POLL_SECONDS: z.coerce.number().min(0.1).max(3600).default(5),
  MAIL_TIMEOUT_SECONDS: z.coerce.number().min(0.5).max(600).default(30),
  SCHEDULER: bool.optional(),
  SCHEDULER_POLL_SECONDS: z.coerce.number().min(0.1).max(3600).default(30),
  SCHEDULER_TIME_ZONE: z.string().min(1).default('Europe/London'),
  DIGEST_CRON: cron.default('0 7 * * *'),
  NOTICE_SWEEP_CRON: cron.default('30 6 * * *'),
  SUBSCRIPTIONS_CRON: cron.default('0 8 * * *'),
  BOARD_PACK_CRON: cron.default('0 6 1 1,4,7,10 *'),
  VIEW_ALERTS_CRON: cron.default('15 8 * * *'),
  TREND_NOTICES_CRON: cron.default('30 9 * * *'),
};

type MailEnv = z.infer<z.ZodObject<typeof MAIL_ENV>> & { NODE_ENV: string; HOST: string; PORT: number; PUBLIC_URL?: string };

/** The typed mail and scheduler settings from the validated environment. */
export function mailConfig(e: MailEnv): { mail: MailConfig; scheduler: SchedulerConfig } {
  if ((e.SMTP_USER && !e.SMTP_PASSWORD) || (!e.SMTP_USER && e.SMTP_PASSWORD)) {
    throw new Error('  SMTP_USER, SMTP_PASSWORD: set both or neither');
  }
  if (e.SMTP_HOST && !e.MAIL_FROM) throw new Error('  MAIL_FROM: required when SMTP_HOST is set (for example "Community Safety Hub <no-reply@hub.example.gov.uk>")');
  const host = e.HOST === '0.0.0.0' ? '127.0.0.1' : e.HOST;
  return {
    mail: {
      smtp: e.SMTP_HOST
        ? { host: e.SMTP_HOST, port: e.SMTP_PORT, secure: e.SMTP_SECURE, requireTls: e.SMTP_REQUIRE_TLS, user: e.SMTP_USER, password: e.SMTP_PASSWORD, from: e.MAIL_FROM! }
        : null,
      publicUrl: (e.PUBLIC_URL ?? `http://${host}:${e.PORT}`).replace(/\/+$/, ''),
      retryBaseSeconds: e.MAIL_RETRY_BASE_SECONDS,
      maxAttempts: e.MAIL_MAX_ATTEMPTS,
      pollSeconds: e.MAIL_POLL_SECONDS,
      timeoutSeconds: e.MAIL_TIMEOUT_SECONDS,
    },
    scheduler: {
      enabled: e.SCHEDULER ?? e.NODE_ENV !== 'test',
      pollSeconds: e.SCHEDULER_POLL_SECONDS,
      timeZone: e.SCHEDULER_TIME_ZONE,
      crons: { 'email-digest': e.DIGEST_CRON, 'notice-sweep': e.NOTICE_SWEEP_CRON, subscriptions: e.SUBSCRIPTIONS_CRON, 'board-pack': e.BOARD_PACK_CRON, 'view-alerts': e.VIEW_ALERTS_CRON, 'trend-notices': e.TREND_NOTICES_CRON },
    },
  };
}
