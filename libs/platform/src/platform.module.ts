import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PlatformExceptionFilter } from './errors/platform-exception.filter';
import { type BodyFieldName, StorableTextInterceptor } from './errors/storable-text.interceptor';
import { type Admin } from 'kafkajs';
import { type PlatformConfig } from './config';
import { type AuthConfig } from './auth/auth-config';
import { dataSourceOptions, createDataSource } from './database/data-source';
import { migrate } from './database/migrate';
import { createKafka, ensureTopics } from './kafka/kafka-client';
import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics/metrics.controller';
import { ServiceMetrics } from './metrics/service-metrics';
import { AUTH_CONFIG, KAFKA, KAFKA_ADMIN, PLATFORM_CONFIG } from './tokens';

/**
 * What every service shares: its configuration (the token checks' too), the database (migrated
 * at boot), the Kafka client with the platform's topics in place, the health endpoint, the error
 * filter, the check of every request's text (`bodyField` names a body's fields in its 400s), and
 * the service's metrics registry with its /metrics endpoint (ADR 0024).
 */
@Global()
@Module({})
export class PlatformModule implements OnApplicationShutdown {
  constructor(@Inject(KAFKA_ADMIN) private readonly admin: Admin) {}

  static forService(config: PlatformConfig, auth: AuthConfig, bodyField?: BodyFieldName): DynamicModule {
    const database = { url: config.databaseUrl, applicationName: config.serviceName };
    return {
      module: PlatformModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...dataSourceOptions(database), retryAttempts: 2, retryDelay: 1_000 }),
          dataSourceFactory: async () => {
            const dataSource = await createDataSource(database).initialize();
            await migrate(dataSource);
            return dataSource;
          },
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: PLATFORM_CONFIG, useValue: config },
        { provide: AUTH_CONFIG, useValue: auth },
        { provide: APP_FILTER, useClass: PlatformExceptionFilter },
        { provide: APP_INTERCEPTOR, useValue: new StorableTextInterceptor(bodyField) },
        { provide: ServiceMetrics, useValue: new ServiceMetrics(config.serviceName) },
        { provide: KAFKA, useValue: createKafka(config.serviceName, config.kafkaBrokers) },
        {
          provide: KAFKA_ADMIN,
          useFactory: async () => {
            // A client of its own with few retries: the health check must answer "down" within
            // seconds, not keep reconnecting for a minute.
            const admin = createKafka(`${config.serviceName}-admin`, config.kafkaBrokers, 1).admin();
            await admin.connect();
            await ensureTopics(admin);
            return admin;
          },
        },
      ],
      exports: [PLATFORM_CONFIG, AUTH_CONFIG, KAFKA, KAFKA_ADMIN, ServiceMetrics],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin.disconnect();
  }
}
