import { Body, Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { Permission } from '../auth/permission.js';
import { clientAddress } from '../common/client-address.js';
import { ARROW_STREAM, CSV_TYPE, JSON_TYPE, negotiate } from './result-encoders.js';
import { sendResult } from './result-response.js';
import { QueryService } from './query.service.js';

@ApiTags('query')
@Controller('query')
export class QueryController {
  constructor(private readonly queries: QueryService) {}

  /** Answers one question under the caller's access policy; see docs/query.md for the spec. */
  @Post()
  @HttpCode(200)
  @Authenticated({ permission: Permission.DataQuery, apiToken: { kind: 'dataset_query' } })
  @ApiBody({ description: 'A query spec: { dataset, measures, groupBy, filters, timeRange, orderBy, limit, offset }', schema: { type: 'object' } })
  @ApiProduces(ARROW_STREAM, JSON_TYPE, CSV_TYPE)
  @ApiOkResponse({ description: 'The answer, encoded as the Accept header asks (JSON by default)' })
  async query(@CurrentUser() caller: AuthUser, @Body() body: unknown, @Headers('accept') accept: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    const format = negotiate(accept);
    const result = await this.queries.run(caller, body, { format, address: clientAddress(req) });
    sendResult(res, result, format);
  }
}
