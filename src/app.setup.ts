import { existsSync } from 'node:fs';
import path from 'node:path';
import { ValidationPipe } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { createLogger, PinoNestLogger, requestLogger } from './logging.js';
import { badRequest } from './common/domain-error.js';
import { HttpErrorFilter } from './common/http-error.filter.js';
import { projectRoot } from './common/project-root.js';
import type { AppConfig } from './config/app-config.js';

/** The browser client: the Vite build when there is one, else the placeholder page. */
export function clientDir(): string {
  const built = path.join(projectRoot(), 'client', 'dist');
  return existsSync(built) ? built : path.join(projectRoot(), 'client', 'public');
}

/** Everything the HTTP app needs besides its modules; shared by main.ts and the tests. */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  const logger = createLogger(config);
  app.useLogger(new PinoNestLogger(logger));
  app.use(requestLogger(logger));
  app.set('trust proxy', config.http.trustProxy);
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
          scriptSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.useBodyParser('json', { limit: config.http.bodyLimit });
  app.useBodyParser('urlencoded', { limit: config.http.bodyLimit, extended: false });
  app.setGlobalPrefix('api');
  app.useGlobalFilters(new HttpErrorFilter());
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) =>
        badRequest(
          'invalid_request',
          'The request is not valid: ' + errors.flatMap((e) => Object.values(e.constraints ?? { [e.property]: `${e.property} is not valid` })).map((m) => m.replace(/\.$/, '')).join('; ') + '.',
          { fields: errors.map((e) => e.property) },
        ),
    }),
  );
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('csp-hub API')
      .setDescription('Partner data-sharing hub for the Community Safety Partnerships of Hampshire and the Isle of Wight')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  app.useStaticAssets(clientDir(), { index: 'index.html', maxAge: '1h' });
  app.use(clientRouteFallback(path.join(clientDir(), 'index.html')));
}

/**
 * The client routes in the browser (history API), so a bookmarked /explore?… must get index.html.
 * Only GETs that want HTML and are outside /api: API 404s stay JSON, and a missing asset stays 404.
 */
function clientRouteFallback(indexFile: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path === '/api' || req.path.startsWith('/api/')) return next();
    if (path.extname(req.path) || !req.accepts('html') || !existsSync(indexFile)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexFile);
  };
}
