import { type ServiceDefinition } from '@prestaflow/platform';

export const encodingService: ServiceDefinition = { name: 'encoding-service', defaultPort: 3001 };
