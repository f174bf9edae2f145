import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { type Activity, type PrestationEventEnvelope } from '@prestaflow/contracts';
import { type Language, type PrestationState } from '@prestaflow/domain';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../config';
import { NotificationLog } from './notification-log';
import { type PlannedNotification } from './planner';
import { prestationLink, renderDigest, type DigestItem } from './templates';

interface PendingRow {
  prestation_id: string;
  company_id: string;
  worker_id: string;
  service_date: string;
  hours: number;
  activity: Activity;
  due_at: Date;
  email: string;
  language: Language;
}

/**
 * R14: each company with an address gets, once a day, the list of what its workers still have
 * to validate. The list is kept from the event log (awaiting_worker_validation); a digest is one
 * notification keyed by `digest:<date>` and the company, so asking twice for a day sends once.
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

  /** Keeps the prestation in the list while it awaits its worker; a later state never goes back. */
  async track(event: PrestationEventEnvelope, state: PrestationState): Promise<void> {
    if (state.status !== 'AwaitingWorker') {
      await this.dataSource.query('DELETE FROM awaiting_worker_validation WHERE prestation_id = $1 AND stream_position <= $2', [
        event.prestationId,
        event.streamPosition,
      ]);
      return;
    }
    const { companyId, workerId, serviceDate, hours, activity } = state.prestation;
    await this.dataSource.query(
      `INSERT INTO awaiting_worker_validation (prestation_id, company_id, worker_id, service_date, hours, activity, due_at, stream_position)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (prestation_id) DO UPDATE SET company_id = $2, worker_id = $3, service_date = $4, hours = $5, activity = $6, due_at = $7, stream_position = $8
       WHERE awaiting_worker_validation.stream_position < $8`,
      [event.prestationId, companyId, workerId, serviceDate, hours, activity, state.workerDeadline.dueAt, event.streamPosition],
    );
  }

  /** Sends the digests of `date` (a day in Brussels) not sent yet; returns how many companies it covered. */
  async send(date: string): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT a.*, c.email, c.language FROM awaiting_worker_validation a JOIN companies c USING (company_id)
       WHERE c.email IS NOT NULL ORDER BY a.company_id, a.due_at, a.prestation_id`,
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
            workerId: item.worker_id,
            serviceDate: item.service_date,
            hours: item.hours,
            activity: item.activity,
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
    await this.log.sendPending(eventId);
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
