import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import multer from 'multer';
import { from, type Observable, switchMap } from 'rxjs';
import { badRequest, DomainError } from '../common/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { mb } from '../../etl/pipeline/inspect-file.js';

/**
 * Streams a multipart `file` field straight to the upload folder (never buffered in memory),
 * refusing files over the configured limit with a sentence the operator can act on.
 */
@Injectable()
export class UploadInterceptor implements NestInterceptor {
  private readonly upload: ReturnType<typeof multer>['single'] extends (f: string) => infer H ? H : never;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const dir = config.ingest.uploadDir;
    const storage = multer.diskStorage({
      destination: (_req, _file, cb) => {
        mkdirSync(dir, { recursive: true });
        cb(null, dir);
      },
      filename: (_req, file, cb) => cb(null, `${randomUUID()}${path.extname(file.originalname).replace(/[^.A-Za-z0-9]/g, '').slice(0, 10)}`),
    });
    this.upload = multer({ storage, limits: { fileSize: config.ingest.maxFileBytes, files: 1, fields: 5 } }).single('file');
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const done = new Promise<void>((resolve, reject) => {
      this.upload(req, res, (err: unknown) => {
        if (!err) return resolve();
        const code = (err as { code?: string }).code;
        if (code === 'LIMIT_FILE_SIZE') {
          return reject(new DomainError('file_too_large', `The file is over the ${mb(this.config.ingest.maxFileBytes)} limit for one load. Split it, e.g. by month.`, 413));
        }
        reject(badRequest('upload_failed', `The upload could not be read: ${(err as Error).message}`));
      });
    });
    return from(done).pipe(switchMap(() => next.handle()));
  }
}
