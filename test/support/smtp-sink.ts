import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** How the sink answers: take messages, refuse them with a temporary error, or drop the connection. */
export type SinkMode = 'accept' | 'refuse' | 'drop';

/** A real SMTP server on a free port (smtp-server), keeping every message it accepts, parsed (mailparser). */
export interface SmtpSink {
  port: number;
  received: ParsedMail[];
  /** Delivery attempts seen, accepted or not. */
  attempts: number;
  mode: SinkMode;
  close(): Promise<void>;
}

export async function startSmtpSink(mode: SinkMode = 'accept'): Promise<SmtpSink> {
  const sink: SmtpSink = { port: 0, received: [], attempts: 0, mode, close: async () => {} };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(session, callback) {
      if (sink.mode === 'drop') {
        sink.attempts += 1;
        const err = new Error('dropped') as Error & { responseCode: number };
        err.responseCode = 421;
        return callback(err);
      }
      callback();
    },
    onData(stream, _session, callback) {
      sink.attempts += 1;
      if (sink.mode === 'refuse') {
        stream.resume();
        stream.on('end', () => {
          const err = new Error('Mailbox temporarily unavailable') as Error & { responseCode: number };
          err.responseCode = 451;
          callback(err);
        });
        return;
      }
      simpleParser(stream)
        .then((mail) => {
          sink.received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.port = (server.server.address() as AddressInfo).port;
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
}

/** Waits until `check` returns something truthy (polling; no fixed sleeps), or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The hub's settings for sending to the sink quickly in tests. */
export function smtpEnv(sink: SmtpSink, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(sink.port),
    MAIL_FROM: 'Community Safety Hub <no-reply@hub.test>',
    PUBLIC_URL: 'https://hub.example.test',
    MAIL_RETRY_BASE_SECONDS: '0.1',
    MAIL_POLL_SECONDS: '0.2',
    MAIL_TIMEOUT_SECONDS: '2',
    ...extra,
  };
}
