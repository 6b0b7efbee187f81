import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccessGuard } from './access.guard.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { JwtStrategy } from './jwt.strategy.js';
import { LocalStrategy } from './local.strategy.js';
import { SignInRateLimiter } from './sign-in-rate-limiter.js';
import { SignInPolicyRepository } from './sign-in-policy.repository.js';
import { SignInThrottleRepository } from './sign-in-throttle.repository.js';

@Module({
  imports: [
    UsersModule,
    PassportModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.auth.jwtSecret,
        signOptions: { algorithm: 'HS256', issuer: 'csp-hub' },
        verifyOptions: { algorithms: ['HS256'], issuer: 'csp-hub' },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, SignInRateLimiter, LocalStrategy, JwtStrategy, SignInThrottleRepository, SignInPolicyRepository, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AuthService],
})
export class AuthModule {}
