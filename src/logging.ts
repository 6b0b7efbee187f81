import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { AppConfig } from './config/app-config.js';

/**
 * One structured logger for the process; secrets and passwords in requests are redacted.
 * JSON lines by default; readable lines for someone at a terminal (LOG_FORMAT=pretty), when
 * pino-pretty is installed (a development dependency, absent from production images).
 */
export function createLogger(config: AppConfig): Logger {
  const options = {
    level: config.logLevel,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'req.body.password', 'req.body.currentPassword', 'req.body.newPassword'],
      censor: '[redacted]',
    },
  };
  const pretty = config.logFormat === 'pretty' ? prettyStream() : undefined;
  return pretty ? pino(options, pretty) : pino(options);
}

function prettyStream(): NodeJS.WritableStream | undefined {
  try {
    const build = createRequire(import.meta.url)('pino-pretty') as (options: object) => NodeJS.WritableStream;
    return build({ sync: true, colorize: true, ignore: 'pid,hostname,context', messageKey: 'msg', messageFormat: '{if context}[{context}] {end}{msg}', translateTime: 'SYS:HH:MM:ss' });
  } catch {
    return undefined;
  }
}

/** Express middleware logging each request with an id (taken from X-Request-Id when sent). */
export function requestLogger(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (req) => (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) ?? randomUUID(),
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
    },
    autoLogging: { ignore: (req) => req.url === '/api/health' },
  });
}

/** Nest's start-up chatter (one line per module and route): debug, not info. */
const FRAMEWORK_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

/** Nest's framework logs through the same pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string) {
    if (context && FRAMEWORK_CONTEXTS.has(context)) this.logger.debug({ context }, String(message));
    else this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
