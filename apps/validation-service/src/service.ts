import { type ServiceDefinition } from '@prestaflow/platform';

export const validationService: ServiceDefinition = { name: 'validation-service', defaultPort: 3002 };
