import { describeServiceHealth } from '@prestaflow/platform';
import { deadlineService } from './service';

describeServiceHealth(deadlineService);
