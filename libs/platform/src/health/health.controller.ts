import { type FromSchema } from 'json-schema-to-ts';
import { answerSchema } from '@prestaflow/contracts';
import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Admin } from 'kafkajs';
import { KAFKA_ADMIN, PLATFORM_CONFIG } from '../tokens';
import { type PlatformConfig } from '../config';
import { OpenEndpoint } from '../auth/caller.guard';
import { withTimeout } from '../with-timeout';

const dependencyHealthSchema = answerSchema({ status: { type: 'string', enum: ['up', 'down'] }, detail: { type: 'string' } }, ['detail']);
/** GET /health's body (200 when up; 503 with the same body when a dependency is down). */
export const serviceHealthSchema = answerSchema({
  service: { type: 'string' },
  status: { type: 'string', enum: ['up', 'down'] },
  checks: answerSchema({ kafka: dependencyHealthSchema, postgres: dependencyHealthSchema }),
});
export type DependencyHealth = FromSchema<typeof dependencyHealthSchema>;
export type ServiceHealth = FromSchema<typeof serviceHealthSchema>;

const CHECK_TIMEOUT_MS = 3_000;

/** Asks the broker and the database for real on every call: no cached "up". */
@Controller('health')
@OpenEndpoint()
export class HealthController {
  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
    private readonly dataSource: DataSource,
  ) {}

  @Get()
  async health(): Promise<ServiceHealth> {
    const [kafka, postgres] = await Promise.all([
      probe(async () => {
        const cluster = await this.admin.describeCluster();
        return `${cluster.brokers.length} broker(s), controller ${cluster.controller}`;
      }),
      probe(async () => {
        await this.dataSource.query('SELECT 1');
        return 'SELECT 1 answered';
      }),
    ]);
    const up = kafka.status === 'up' && postgres.status === 'up';
    const health: ServiceHealth = { service: this.config.serviceName, status: up ? 'up' : 'down', checks: { kafka, postgres } };
    if (!up) throw new ServiceUnavailableException(health); // 503 with the same body
    return health;
  }
}

async function probe(check: () => Promise<string>): Promise<DependencyHealth> {
  try {
    return { status: 'up', detail: await withTimeout(check(), CHECK_TIMEOUT_MS) };
  } catch (error) {
    return { status: 'down', detail: error instanceof Error ? error.message : String(error) };
  }
}
