import { ValidationError } from '@prestaflow/contracts';
import { type CompanyDigests } from './company-digests';
import { NotificationsController } from './notifications.controller';
import { type NotificationQueries } from './notification-queries';
import { type PushSubscriptions } from './push-subscriptions';
import { type NotificationConfig } from '../config';

describe('POST /notifications/digests: the date (R14)', () => {
  const sentFor: string[] = [];
  const digests = { send: async (date: string) => (sentFor.push(date), 1) } as unknown as CompanyDigests;
  const controller = new NotificationsController({} as NotificationQueries, {} as PushSubscriptions, digests, {} as NotificationConfig);

  beforeEach(() => (sentFor.length = 0));

  it.each(['2026-02-30', '2025-13-01', '2025-06-31', '1999-06-12', '12/06/2025'])('refuses %s, naming the field, and sends nothing', async (date) => {
    const refusal = controller.digests({ date });
    await expect(refusal).rejects.toThrow(ValidationError);
    await expect(refusal).rejects.toMatchObject({ field: 'date' });
    expect(sentFor).toEqual([]);
  });

  it('sends the digests of a real day', async () => {
    await expect(controller.digests({ date: '2024-02-29' })).resolves.toEqual({ companies: 1 });
    expect(sentFor).toEqual(['2024-02-29']);
  });
});
