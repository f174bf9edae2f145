import { describeServiceHealth } from '@prestaflow/platform';
import { notificationService } from './service';

describeServiceHealth(notificationService);
