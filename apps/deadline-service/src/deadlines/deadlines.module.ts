import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { registerProjectionLag } from '@prestaflow/event-store';
import { CLOCK, ControllableClock, ServiceMetrics, systemClock } from '@prestaflow/platform';
import { PrestationStoreModule } from '@prestaflow/write-side';
import { ClockController } from '../clock/clock.controller';
import { DEADLINE_CONFIG, type DeadlineConfig } from '../config';
import { deadlineProjection } from './deadline.projection';
import { DeadlineMetrics } from './deadline-metrics';
import { DeadlinePoller } from './deadline-poller';
import { DeadlineTable } from './deadline-table';
import { DeadlinesConsumer } from './deadlines.consumer';
import { DeadlinesController } from './deadlines.controller';
import { UserAbsences } from './user-absences';

@Module({})
export class DeadlinesModule {
  static forRoot(config: DeadlineConfig): DynamicModule {
    return {
      module: DeadlinesModule,
      imports: [PrestationStoreModule.forRoot()],
      controllers: [DeadlinesConsumer, DeadlinesController, ClockController],
      providers: [
        { provide: DEADLINE_CONFIG, useValue: config },
        { provide: CLOCK, useValue: config.clock === 'controllable' ? new ControllableClock(config.clockStart) : systemClock },
        DeadlineTable,
        DeadlinePoller,
        UserAbsences,
        DeadlineMetrics,
        // The service's one projection (ADR 0026): its lag at each scrape (ADR 0024).
        {
          provide: 'DEADLINE_PROJECTION_LAG',
          inject: [ServiceMetrics, DataSource],
          useFactory: (metrics: ServiceMetrics, dataSource: DataSource) => registerProjectionLag(metrics, dataSource, deadlineProjection),
        },
      ],
    };
  }
}
