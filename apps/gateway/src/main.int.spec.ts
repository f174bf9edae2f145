import { describeServiceHealth } from '@prestaflow/platform/testing';
import { gateway } from './service';

describeServiceHealth(gateway);
