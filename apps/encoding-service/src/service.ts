import { CallerAuthModule, type ServiceDefinition } from '@prestaflow/platform';
import { EncodingModule } from './encoding/encoding.module';

export const encodingService: ServiceDefinition = { name: 'encoding-service', defaultPort: 3001, imports: [EncodingModule, CallerAuthModule] };
