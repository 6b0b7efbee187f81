import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SignInThrottle } from './sign-in-throttle.entity.js';

@Injectable()
export class SignInThrottleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  find(key: string): Promise<SignInThrottle | null> {
    return this.dataSource.getRepository(SignInThrottle).findOne({ where: { key } });
  }

  /**
   * Counts one failure inside a rolling window and locks the key once `maxFailures` is reached.
   * Returns the lock's end, if this failure locked it.
   */
  async recordFailure(
    em: EntityManager,
    key: string,
    now: Date,
    windowStart: Date,
    maxFailures: number,
    lockedUntil: Date,
  ): Promise<Date | null> {
    const [row] = await em.query(
      `INSERT INTO sign_in_throttle AS t (key, failures, first_failure_at, locked_until)
       VALUES ($1, 1, $2, CASE WHEN 1 >= $4 THEN $5::timestamptz END)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.first_failure_at < $3 THEN 1 ELSE t.failures + 1 END,
         first_failure_at = CASE WHEN t.first_failure_at < $3 THEN $2 ELSE t.first_failure_at END,
         locked_until = CASE
           WHEN (CASE WHEN t.first_failure_at < $3 THEN 1 ELSE t.failures + 1 END) >= $4 THEN $5::timestamptz
           ELSE t.locked_until END
       RETURNING locked_until`,
      [key, now, windowStart, maxFailures, lockedUntil],
    );
    return row?.locked_until ? new Date(row.locked_until) : null;
  }

  async clear(key: string, em?: EntityManager): Promise<void> {
    await (em ?? this.dataSource.manager).getRepository(SignInThrottle).delete({ key });
  }
}
