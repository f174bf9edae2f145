import { CallerAuthModule, type ServiceDefinition } from '@prestaflow/platform';
import { ValidationModule } from './validation/validation.module';

export const validationService: ServiceDefinition = { name: 'validation-service', defaultPort: 3002, imports: [ValidationModule, CallerAuthModule] };
