import { loadNotificationConfig } from './config';

describe('notification config: the send lease against the SMTP timeouts (ADR 0005)', () => {
  it('by default every SMTP wait and every push request is bounded at 8 s and the lease is 2 minutes, longer than a whole exchange (12 waits)', () => {
    expect(loadNotificationConfig({})).toMatchObject({ smtpTimeoutMs: 8_000, pushTimeoutMs: 8_000, leaseMs: 120_000 });
    expect(loadNotificationConfig({ PUSH_TIMEOUT_MS: '1500' }).pushTimeoutMs).toBe(1_500);
  });

  it('refuses a lease that one SMTP exchange could outlast, naming both settings', () => {
    expect(() => loadNotificationConfig({ SMTP_TIMEOUT_MS: '10000', NOTIFICATION_LEASE_MS: '120000' })).toThrow(/NOTIFICATION_LEASE_MS \(120000\).*SMTP_TIMEOUT_MS = 120000 ms/);
    expect(loadNotificationConfig({ SMTP_TIMEOUT_MS: '1000', NOTIFICATION_LEASE_MS: '12001' }).leaseMs).toBe(12_001);
  });
});
