import { describeServiceHealth } from '@prestaflow/platform';
import { encodingService } from './service';

describeServiceHealth(encodingService);
