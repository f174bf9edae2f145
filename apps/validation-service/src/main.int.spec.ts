import { describeServiceHealth } from '@prestaflow/platform';
import { validationService } from './service';

describeServiceHealth(validationService);
