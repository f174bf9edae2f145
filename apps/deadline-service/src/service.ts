import { CallerAuthModule, type ServiceDefinition } from '@prestaflow/platform';
import { loadDeadlineConfig } from './config';
import { DeadlinesModule } from './deadlines/deadlines.module';

/** The deadline service configured from `env` (tests boot several with their own settings). */
export function deadlineServiceWith(env: NodeJS.ProcessEnv): ServiceDefinition {
  // Deadlines run for days: a tenth of a second's wait between fetches gathers events into fewer transactions.
  return { name: 'deadline-service', defaultPort: 3004, imports: [DeadlinesModule.forRoot(loadDeadlineConfig(env)), CallerAuthModule], consumerLingerMs: 100 };
}

export const deadlineService: ServiceDefinition = deadlineServiceWith(process.env);
