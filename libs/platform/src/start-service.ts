import 'reflect-metadata';
import { type INestApplication, Logger, Module, type ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { type Admin, type Kafka } from 'kafkajs';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { loadPlatformConfig } from './config';
import { loadAuthConfig } from './auth/auth-config';
import { EventLogServer } from './kafka/event-log.server';
import { isJsonRequest, jsonOnly, unreadableJson } from './errors/json-body';
import { type BodyFieldName } from './errors/storable-text.interceptor';
import { PlatformModule } from './platform.module';
import { loggingModule, requestIdMiddleware } from './logging/logging';
import { registerConsumerLag } from './metrics/consumer-lag';
import { httpMetricsMiddleware } from './metrics/http-metrics';
import { ServiceMetrics } from './metrics/service-metrics';
import { KAFKA, KAFKA_ADMIN } from './tokens';

export interface ServiceDefinition {
  /** Also the service's Kafka client id, and its consumer group unless KAFKA_CONSUMER_GROUP names another. */
  readonly name: string;
  readonly defaultPort: number;
  readonly imports?: ModuleMetadata['imports'];
  /** HTTP middleware of this service only (the gateway's security headers, say). */
  readonly configureHttp?: (app: INestApplication) => void;
  /** How its 400s name a body field; the body's own path by default. */
  readonly bodyField?: BodyFieldName;
  /**
   * The least time between two fetches of its consumer, in ms (`EventLogServer` `lingerMs`, 0 by
   * default): for a consumer off the path to what people see, where that delay costs nothing and
   * batches events into fewer handler calls and transactions.
   */
  readonly consumerLingerMs?: number;
}

/** The root module of a service: logging, the platform (config, database, Kafka), then the service's own modules. */
function serviceModule(definition: ServiceDefinition, env: NodeJS.ProcessEnv) {
  const config = loadPlatformConfig(definition.name, definition.defaultPort, env);
  // Before anything connects: AUTH_DEV_ISSUER=1 with NODE_ENV=production stops here (ADR 0018).
  const auth = loadAuthConfig(env);

  @Module({ imports: [loggingModule(definition.name, env), PlatformModule.forService(config, auth, definition.bodyField), ...(definition.imports ?? [])] })
  class ServiceModule {}
  return { config, ServiceModule };
}

/**
 * The service's routes without running it: Nest's preview mode builds the module tree but creates
 * no provider, so nothing connects (the broker and database settings are placeholders). What the
 * gateway's OpenAPI document is built from, offline (apps/gateway/src/openapi/write-web-api-types.ts).
 */
export async function previewService(definition: ServiceDefinition, env: NodeJS.ProcessEnv = process.env): Promise<INestApplication> {
  const { ServiceModule } = serviceModule(definition, { KAFKA_BROKERS: 'preview:9092', DATABASE_URL: 'postgres://preview/preview', ...env, LOG_LEVEL: 'silent' });
  return NestFactory.create(ServiceModule, { preview: true, logger: false, abortOnError: false });
}

/**
 * Boots one service as a single process: HTTP (health, API) and the event-log consumer.
 * Returns the listening app; SIGTERM/SIGINT close it (consumer first, then HTTP, then pools).
 * Rejects when it cannot listen (EADDRINUSE: a port in use), once it has closed what it opened.
 */
export async function startService(definition: ServiceDefinition, env: NodeJS.ProcessEnv = process.env): Promise<INestApplication> {
  const { config, ServiceModule } = serviceModule(definition, env);
  // Logs are JSON lines through pino (level LOG_LEVEL, `warn` under jest), the boot's included (ADR 0024).
  // abortOnError off: a configuration refused while booting (ADR 0018) rejects with its message, not process.abort().
  // bodyParser off: Nest's default parsers would add a form (urlencoded) parser to every request,
  // which never reads anything (jsonOnly refuses such bodies first); the JSON parser is added below.
  const app = await NestFactory.create(ServiceModule, { bufferLogs: true, abortOnError: false, bodyParser: false });
  app.useLogger(app.get(PinoNestLogger));
  app.enableShutdownHooks();
  const metrics = app.get(ServiceMetrics);
  // Before any other middleware: every request has its id, and is timed, whatever answers it.
  app.use(requestIdMiddleware);
  app.use(httpMetricsMiddleware(metrics));
  definition.configureHttp?.(app);
  // Bodies are JSON (ADR 0013): another media type is named in a 415, a body that does not parse
  // in a 400 saying so. Any JSON value is read (`null`, a number), so that the route's contract
  // says it must be an object, not the parser that `null` is not JSON (limit: 100 kB).
  app.use(jsonOnly);
  (app as NestExpressApplication).useBodyParser('json', { strict: false, type: isJsonRequest });
  app.use(unreadableJson);
  const server = new EventLogServer({
    kafka: app.get<Kafka>(KAFKA),
    groupId: config.consumerGroup,
    lingerMs: definition.consumerLingerMs,
    onDeadLetter: (context) => metrics.deadLetters.inc({ topic: context.topic, group: config.consumerGroup }),
  });
  app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
  registerConsumerLag(metrics, app.get<Admin>(KAFKA_ADMIN), config.consumerGroup, () => [...server.getHandlers().keys()]);
  try {
    await app.startAllMicroservices();
    await app.listen(config.httpPort, config.httpHost);
  } catch (error) {
    // Nothing left half-started: a port in use must not leave this process consuming (a test's gateway did, in CI).
    await app.close().catch(() => undefined);
    throw error;
  }
  new Logger(definition.name).log(`listening on ${await app.getUrl()}`);
  return app;
}
