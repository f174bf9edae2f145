import { defaultPolicy, prestationDecider } from '@prestaflow/domain';
import { importLegacyPrestation } from '@prestaflow/testing';
import { policyWithCutOver } from './prestation-store.module';

describe('R10 the configured cut-over reaches the decider as data', () => {
  it('a legacy prestation imported before the configured cut-over counts its deadline from it', () => {
    // Monday 5 January 2026 at midnight in Brussels: the 5 working days after it end Monday 12
    // January (from the import on Friday 2 January they would end Friday 9 January).
    const policy = policyWithCutOver('2026-01-04T23:00:00.000Z');
    const [imported] = prestationDecider(policy).decide(importLegacyPrestation('2026-01-02T10:00:00.000Z'), { status: 'None' });
    expect(imported).toMatchObject({ type: 'LegacyPrestationImported', data: { workerDeadline: { dueAt: '2026-01-12T22:59:59.999Z' } } });
  });

  it('unset, the domain default stays (1 June 2025)', () => {
    expect(policyWithCutOver(undefined)).toBe(defaultPolicy);
  });
});
