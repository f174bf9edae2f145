import { type ServiceDefinition } from '@prestaflow/platform';
import { AuthModule } from './auth/auth.module';

export const gateway: ServiceDefinition = { name: 'gateway', defaultPort: 3000, imports: [AuthModule] };
