import { Module } from '@nestjs/common';
import { PLATFORM_CONFIG, type PlatformConfig } from '@prestaflow/platform';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { TokenVerifier } from './token-verifier';

@Module({
  controllers: [AuthController],
  providers: [{ provide: TokenVerifier, inject: [PLATFORM_CONFIG], useFactory: (config: PlatformConfig) => TokenVerifier.create(config.auth) }, AuthGuard],
  exports: [TokenVerifier, AuthGuard],
})
export class AuthModule {}
