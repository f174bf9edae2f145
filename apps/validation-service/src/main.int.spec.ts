import { describeServiceHealth } from '@prestaflow/platform/testing';
import { validationService } from './service';

describeServiceHealth(validationService);
