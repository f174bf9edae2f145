import { type DynamicModule, Module } from '@nestjs/common';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../config';
import { CompanyDigests } from './company-digests';
import { NotificationLog } from './notification-log';
import { NotificationQueries } from './notification-queries';
import { NotificationMetrics } from './notification-metrics';
import { NotificationPlanner } from './planner';
import { NotificationsConsumer } from './notifications.consumer';
import { NotificationsController } from './notifications.controller';
import { PushSubscriptions } from './push-subscriptions';

@Module({})
export class NotificationsModule {
  static forRoot(config: NotificationConfig): DynamicModule {
    return {
      module: NotificationsModule,
      controllers: [NotificationsConsumer, NotificationsController],
      providers: [{ provide: NOTIFICATION_CONFIG, useValue: config }, NotificationPlanner, NotificationLog, NotificationQueries, PushSubscriptions, CompanyDigests, NotificationMetrics],
    };
  }
}
