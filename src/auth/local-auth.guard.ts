import { Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { badRequest, DomainError, unauthorised } from '../common/domain-error.js';

/** Runs passport-local on the sign-in route, turning its failures into clear messages. */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override handleRequest<T>(err: unknown, user: T, info: { message?: string } | undefined): T {
    if (err instanceof DomainError) throw err;
    if (info?.message === 'Missing credentials') {
      throw badRequest('missing_credentials', 'Enter your email address and password.');
    }
    if (err || !user) throw unauthorised('invalid_credentials', 'The email address or password is not right.');
    return user;
  }
}
