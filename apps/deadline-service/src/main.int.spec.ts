import { describeServiceHealth } from '@prestaflow/platform/testing';
import { deadlineServiceWith } from './service';

// Closing a consumer during a group rebalance can take longer than jest's 5 s default for hooks.
jest.setTimeout(30_000);

// A controllable clock stopped in 2000: this boot check fires nobody's deadlines in the shared database.
describeServiceHealth(deadlineServiceWith({ CLOCK: 'controllable', CLOCK_START: '2000-01-01T00:00:00.000Z' }));
