import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { Module } from '@nestjs/common';
import helmet from 'helmet';
import { SwaggerModule } from '@nestjs/swagger';
import { type ServiceDefinition } from '@prestaflow/platform';
import { AuthModule } from './auth/auth.module';
import { openApiDocument } from './openapi/document';
import { bodyField, RequestBodyInterceptor } from './openapi/request-body.interceptor';
import { PortalsModule } from './portals/portals.module';
import { TokenVerifier } from './auth/token-verifier';
import { serveWebApp } from './web/serve-web-app';
import { loadWebConfig } from './web/web-config';
import { WebModule } from './web/web.module';
import { type NestExpressApplication } from '@nestjs/platform-express';

@Module({
  imports: [
    // Requests a minute per client address, read at boot: GATEWAY_RATE_LIMIT tunes it. HTTP only:
    // the guard is global, and the event-log consumer of the views must never be throttled.
    ThrottlerModule.forRootAsync({
      useFactory: () => ({
        throttlers: [{ ttl: 60_000, limit: Number(process.env['GATEWAY_RATE_LIMIT'] || 600) }],
        skipIf: (context) => context.getType() !== 'http',
      }),
    }),
    AuthModule,
    PortalsModule,
    WebModule,
  ],
  providers: [
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    { provide: APP_INTERCEPTOR, useClass: RequestBodyInterceptor },
  ],
})
class GatewayModule {}

export const gateway: ServiceDefinition = {
  name: 'gateway',
  defaultPort: 3000,
  imports: [GatewayModule],
  bodyField,
  configureHttp: (app) => {
    app.use(helmet());
    serveWebApp(app as NestExpressApplication, loadWebConfig(), app.get(TokenVerifier));
    SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json' });
  },
};
