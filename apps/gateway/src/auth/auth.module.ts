import { Module } from '@nestjs/common';
import { AUTH_CONFIG, type AuthConfig } from '@prestaflow/platform';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { TokenVerifier } from './token-verifier';

@Module({
  controllers: [AuthController],
  providers: [{ provide: TokenVerifier, inject: [AUTH_CONFIG], useFactory: (config: AuthConfig) => TokenVerifier.create(config) }, AuthGuard],
  exports: [TokenVerifier, AuthGuard],
})
export class AuthModule {}
