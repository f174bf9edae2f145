// The tallies projection consumer as its own process, for the fault tests:
// DATABASE_URL, ES_SCHEMA, KAFKA_BROKERS, ES_TOPIC, ES_GROUP.
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createDataSource, createKafka, EventLogServer, parseBrokers, PlatformExceptionFilter } from '@prestaflow/platform';
import { Projector } from '../projection';
import { projectionController } from '../projection.controller';
import { exitWithParent, setting } from './processes';
import { tallyProjection } from './tally';

async function main(): Promise<void> {
  exitWithParent();
  const dataSource = await createDataSource({ url: setting('DATABASE_URL'), schema: setting('ES_SCHEMA'), poolSize: 2 }).initialize();

  @Module({ controllers: [projectionController(setting('ES_TOPIC'), [new Projector(dataSource, tallyProjection)])] })
  class TalliesModule {}

  const service = await NestFactory.createMicroservice(TalliesModule, {
    strategy: new EventLogServer({ kafka: createKafka('fault-tallies', parseBrokers(setting('KAFKA_BROKERS'))), groupId: setting('ES_GROUP'), maxAttempts: 3, retryDelayMs: 50 }),
    logger: ['error'],
  });
  service.useGlobalFilters(new PlatformExceptionFilter());
  await service.listen();
  process.once('SIGTERM', () => void service.close().then(() => dataSource.destroy()).then(() => process.exit(0)));
}

void main();
