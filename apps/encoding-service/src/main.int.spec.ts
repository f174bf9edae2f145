import { describeServiceHealth } from '@prestaflow/platform/testing';
import { encodingService } from './service';

describeServiceHealth(encodingService);
