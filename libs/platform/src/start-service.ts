import 'reflect-metadata';
import { type INestApplication, Logger, Module, type ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type Kafka } from 'kafkajs';
import { loadPlatformConfig } from './config';
import { loadAuthConfig } from './auth/auth-config';
import { EventLogServer } from './kafka/event-log.server';
import { type BodyFieldName } from './errors/storable-text.interceptor';
import { PlatformModule } from './platform.module';
import { KAFKA } from './tokens';

export interface ServiceDefinition {
  /** Also the service's Kafka client id and consumer group. */
  readonly name: string;
  readonly defaultPort: number;
  readonly imports?: ModuleMetadata['imports'];
  /** HTTP middleware of this service only (the gateway's security headers, say). */
  readonly configureHttp?: (app: INestApplication) => void;
  /** How its 400s name a body field; the body's own path by default. */
  readonly bodyField?: BodyFieldName;
}

/**
 * Boots one service as a single process: HTTP (health, API) and the event-log consumer.
 * Returns the listening app; SIGTERM/SIGINT close it (consumer first, then HTTP, then pools).
 */
export async function startService(definition: ServiceDefinition, env: NodeJS.ProcessEnv = process.env): Promise<INestApplication> {
  const config = loadPlatformConfig(definition.name, definition.defaultPort, env);
  // Before anything connects: AUTH_DEV_ISSUER=1 with NODE_ENV=production stops here (ADR 0018).
  const auth = loadAuthConfig(env);

  @Module({ imports: [PlatformModule.forService(config, auth, definition.bodyField), ...(definition.imports ?? [])] })
  class ServiceModule {}

  // Under jest (NODE_ENV=test) only warnings and errors: a booted service should not flood the report.
  // abortOnError off: a configuration refused while booting (ADR 0018) rejects with its message, not process.abort().
  const app = await NestFactory.create(ServiceModule, { logger: env['NODE_ENV'] === 'test' ? ['warn', 'error'] : undefined, abortOnError: false });
  app.enableShutdownHooks();
  definition.configureHttp?.(app);
  app.connectMicroservice(
    { strategy: new EventLogServer({ kafka: app.get<Kafka>(KAFKA), groupId: definition.name }) },
    { inheritAppConfig: true },
  );
  await app.startAllMicroservices();
  await app.listen(config.httpPort, config.httpHost);
  new Logger(definition.name).log(`listening on ${await app.getUrl()}`);
  return app;
}
