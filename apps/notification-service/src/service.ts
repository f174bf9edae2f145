import { type ServiceDefinition } from '@prestaflow/platform';

export const notificationService: ServiceDefinition = { name: 'notification-service', defaultPort: 3003 };
