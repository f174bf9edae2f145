import { CallerAuthModule, type ServiceDefinition } from '@prestaflow/platform';
import { loadNotificationConfig } from './config';
import { NotificationsModule } from './notifications/notifications.module';

/** The notification service configured from `env` (tests point it at their own SMTP server). */
export function notificationServiceWith(env: NodeJS.ProcessEnv): ServiceDefinition {
  // An e-mail a tenth of a second later is no later for its reader; the events gather into fewer claims and transactions.
  return { name: 'notification-service', defaultPort: 3003, imports: [NotificationsModule.forRoot(loadNotificationConfig(env)), CallerAuthModule], consumerLingerMs: 100 };
}

export const notificationService: ServiceDefinition = notificationServiceWith(process.env);
