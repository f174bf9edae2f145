import { type DynamicModule, Module } from '@nestjs/common';
import { projectionLagProvider, projectionRebuildController } from '@prestaflow/event-store';
import { CLOCK, ControllableClock, systemClock } from '@prestaflow/platform';
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

/** The service's projections, listed once: lag on /metrics (ADR 0024), rebuilt by name (ADR 0029). */
const projections = [deadlineProjection];

@Module({})
export class DeadlinesModule {
  static forRoot(config: DeadlineConfig): DynamicModule {
    return {
      module: DeadlinesModule,
      imports: [PrestationStoreModule.forRoot()],
      controllers: [DeadlinesConsumer, DeadlinesController, ClockController, projectionRebuildController('prestation', projections)],
      providers: [
        { provide: DEADLINE_CONFIG, useValue: config },
        { provide: CLOCK, useValue: config.clock === 'controllable' ? new ControllableClock(config.clockStart) : systemClock },
        DeadlineTable,
        DeadlinePoller,
        UserAbsences,
        DeadlineMetrics,
        projectionLagProvider(projections),
      ],
    };
  }
}
