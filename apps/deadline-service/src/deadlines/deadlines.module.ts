import { type DynamicModule, Module } from '@nestjs/common';
import { CLOCK, ControllableClock, systemClock } from '@prestaflow/platform';
import { PrestationStoreModule } from '@prestaflow/write-side';
import { ClockController } from '../clock/clock.controller';
import { DEADLINE_CONFIG, type DeadlineConfig } from '../config';
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
      ],
    };
  }
}
