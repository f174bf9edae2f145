import { Module } from '@nestjs/common';
import { loadAuthConfig } from './auth.config';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { TokenVerifier } from './token-verifier';

@Module({
  controllers: [AuthController],
  providers: [{ provide: TokenVerifier, useFactory: () => TokenVerifier.create(loadAuthConfig()) }, AuthGuard],
  exports: [TokenVerifier, AuthGuard],
})
export class AuthModule {}
