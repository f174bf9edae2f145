import { type DynamicModule, Module } from '@nestjs/common';
import { projectionRebuildController, projectionLagProvider } from '@prestaflow/event-store';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../config';
import { CompanyDigests } from './company-digests';
import { NotificationLog } from './notification-log';
import { NotificationQueries } from './notification-queries';
import { NotificationMetrics } from './notification-metrics';
import { notificationStateProjection } from './notification-state.projection';
import { NotificationStates } from './notification-states';
import { NotificationsConsumer } from './notifications.consumer';
import { NotificationsController } from './notifications.controller';
import { PushSubscriptions } from './push-subscriptions';

/** The service's projections, listed once: lag on /metrics (ADR 0024), rebuilt by name (ADR 0029). */
const projections = [notificationStateProjection];

@Module({})
export class NotificationsModule {
  static forRoot(config: NotificationConfig): DynamicModule {
    return {
      module: NotificationsModule,
      controllers: [NotificationsConsumer, NotificationsController, projectionRebuildController('prestation', projections)],
      providers: [
        { provide: NOTIFICATION_CONFIG, useValue: config },
        NotificationStates,
        NotificationLog,
        NotificationQueries,
        PushSubscriptions,
        CompanyDigests,
        NotificationMetrics,
        projectionLagProvider(projections),
      ],
    };
  }
}
