import { type DynamicModule, Module } from '@nestjs/common';
import { defaultPolicy, type DecisionPolicy } from '@prestaflow/domain';
import { PLATFORM_CONFIG, type PlatformConfig } from '@prestaflow/platform';
import { DECISION_POLICY, EventLogRelay, PrestationCommands, UserAbsenceCommands, WorkerProfileCommands } from './prestation-store';

/**
 * The write side every deciding service imports: prestation, worker-profile and user-absence commands on the
 * event store, and the relay that publishes what is committed.
 */
@Module({})
export class PrestationStoreModule {
  /** `policy`: the decisions' policy; by default the domain's, with the configured cut-over (CUT_OVER, R10). */
  static forRoot(policy?: DecisionPolicy): DynamicModule {
    const decisionPolicy = policy
      ? { provide: DECISION_POLICY, useValue: policy }
      : { provide: DECISION_POLICY, inject: [PLATFORM_CONFIG], useFactory: (config: PlatformConfig) => policyWithCutOver(config.cutOver) };
    return {
      module: PrestationStoreModule,
      providers: [decisionPolicy, PrestationCommands, WorkerProfileCommands, UserAbsenceCommands, EventLogRelay],
      exports: [PrestationCommands, WorkerProfileCommands, UserAbsenceCommands, DECISION_POLICY],
    };
  }
}

/** The domain's policy with the configured cut-over instant (R10), passed to the decider as data. */
export function policyWithCutOver(cutOver: string | undefined): DecisionPolicy {
  return cutOver ? { ...defaultPolicy, cutOver } : defaultPolicy;
}
