import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { type Language, type Prestation } from '@prestaflow/domain';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../config';
import { NotificationLog } from './notification-log';
import { type PlannedNotification } from './planner';
import { prestationLink, renderDigest, type DigestItem } from './templates';

interface PendingRow {
  prestation_id: string;
  company_id: string;
  prestation: Pick<Prestation, 'workerId' | 'serviceDate' | 'hours' | 'activity'>;
  due_at: Date;
  worker_name: string | null;
  email: string;
  language: Language;
}

/**
 * R14: each company with an address gets, once a day, the list of what its workers still have
 * to validate: the prestations of `notification_states` awaiting their worker (ADR 0029). A digest
 * is one notification keyed by `digest:<date>` and the company, so asking twice for a day sends once.
 */
@Injectable()
export class CompanyDigests implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CompanyDigests.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly log: NotificationLog,
    @Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig,
  ) {}

  /** Sends the digests of `date` (a day in Brussels) not sent yet; returns how many companies it covered. */
  async send(date: string): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT n.prestation_id, n.company_id, n.state->'prestation' AS prestation, n.awaiting_worker_until AS due_at, c.email, c.language,
              (SELECT w.name FROM workers w WHERE w.worker_id = n.state->'prestation'->>'workerId') AS worker_name
       FROM notification_states n JOIN companies c USING (company_id)
       WHERE n.awaiting_worker_until IS NOT NULL AND c.email IS NOT NULL ORDER BY n.company_id, n.awaiting_worker_until, n.prestation_id`,
    )) as PendingRow[];
    const byCompany = new Map<string, PendingRow[]>();
    for (const row of rows) byCompany.set(row.company_id, [...(byCompany.get(row.company_id) ?? []), row]);
    const eventId = `digest:${date}`;
    const planned = [...byCompany.entries()].map(([companyId, items]): PlannedNotification => {
      const [{ email, language }] = items as [PendingRow];
      const message = renderDigest(
        language,
        items.map(
          (item): DigestItem => ({
            prestationId: item.prestation_id,
            workerId: item.prestation.workerId,
            workerName: item.worker_name ?? undefined,
            serviceDate: item.prestation.serviceDate,
            hours: item.prestation.hours,
            activity: item.prestation.activity,
            dueAt: item.due_at.toISOString(),
          }),
        ),
        (prestationId) => prestationLink(this.config.appUrl, 'company', prestationId),
      );
      return {
        eventId,
        recipient: `company:${companyId}`,
        channel: 'EMAIL',
        reason: 'COMPANY_DAILY_DIGEST',
        prestationId: eventId,
        companyId,
        address: email,
        language,
        ...message,
        messageId: `<digest-${date}.company-${companyId}.email@prestaflow.local>`,
        status: 'PENDING',
        lastError: null,
      };
    });
    await this.log.record(planned);
    await this.log.sendPending([eventId]);
    return planned.length;
  }

  onApplicationBootstrap(): void {
    this.scheduleNext();
  }

  onModuleDestroy(): void {
    clearTimeout(this.timer);
  }

  /** The next DIGEST_HOUR o'clock in Brussels (real time: the digest is a courtesy, not a deadline). */
  private scheduleNext(): void {
    const now = DateTime.now().setZone('Europe/Brussels');
    let next = now.set({ hour: this.config.digestHour, minute: 0, second: 0, millisecond: 0 });
    if (next <= now) next = next.plus({ days: 1 });
    this.timer = setTimeout(() => {
      this.send(next.toISODate() ?? '')
        .catch((error: unknown) => this.logger.error(`daily digest failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => this.scheduleNext());
    }, next.diff(now).as('milliseconds'));
    this.timer.unref();
  }
}
