import { describeServiceHealth } from '@prestaflow/platform';
import { gateway } from './service';

describeServiceHealth(gateway);
