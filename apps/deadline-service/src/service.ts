import { type ServiceDefinition } from '@prestaflow/platform';

export const deadlineService: ServiceDefinition = { name: 'deadline-service', defaultPort: 3004 };
