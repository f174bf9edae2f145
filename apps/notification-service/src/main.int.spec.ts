import { describeServiceHealth } from '@prestaflow/platform/testing';
import { notificationServiceWith } from './service';

// Closing a consumer during a group rebalance can take longer than jest's 5 s default for hooks.
jest.setTimeout(30_000);

// No SMTP_URL: this boot check records what it reads from the log and sends nothing.
describeServiceHealth(notificationServiceWith({}));
