import { type DynamicModule, Module } from '@nestjs/common';
import { defaultPolicy, type DecisionPolicy } from '@prestaflow/domain';
import { DECISION_POLICY, EventLogRelay, PrestationCommands, UserAbsenceCommands, WorkerProfileCommands } from './prestation-store';

/**
 * The write side every deciding service imports: prestation, worker-profile and user-absence commands on the
 * event store, and the relay that publishes what is committed.
 */
@Module({})
export class PrestationStoreModule {
  static forRoot(policy: DecisionPolicy = defaultPolicy): DynamicModule {
    return {
      module: PrestationStoreModule,
      providers: [{ provide: DECISION_POLICY, useValue: policy }, PrestationCommands, WorkerProfileCommands, UserAbsenceCommands, EventLogRelay],
      exports: [PrestationCommands, WorkerProfileCommands, UserAbsenceCommands, DECISION_POLICY],
    };
  }
}
