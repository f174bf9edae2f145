import { type ServiceDefinition } from '@prestaflow/platform';

export const gateway: ServiceDefinition = { name: 'gateway', defaultPort: 3000 };
