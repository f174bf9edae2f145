import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface LoggedNotification {
  readonly eventId: string;
  readonly recipient: string;
  readonly channel: string;
  readonly reason: string;
  readonly address: string | null;
  readonly language: string;
  readonly subject: string;
  readonly status: string;
  readonly attempts: number;
  readonly lastError: string | null;
}

export interface BouncedAddress {
  readonly address: string;
  readonly recipient: string;
  readonly companyId: string;
  readonly detail: string;
  /** ISO 8601. */
  readonly bouncedAt: string;
}

/** What the notification service answers about what it sent. */
@Injectable()
export class NotificationQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** The notifications of a prestation, oldest first. */
  async ofPrestation(prestationId: string): Promise<LoggedNotification[]> {
    const rows = (await this.dataSource.query(
      `SELECT event_id AS "eventId", recipient, channel, reason, address, language, subject, status, attempts, last_error AS "lastError"
       FROM notifications WHERE prestation_id = $1 ORDER BY created_at, recipient`,
      [prestationId],
    )) as LoggedNotification[];
    return rows;
  }

  /** The addresses the mail server refused, as the company sees them, newest first. */
  async bounces(companyId: string): Promise<BouncedAddress[]> {
    const rows = (await this.dataSource.query(
      `SELECT address, recipient, company_id AS "companyId", detail, bounced_at AS "bouncedAt"
       FROM bounced_addresses WHERE company_id = $1 ORDER BY bounced_at DESC`,
      [companyId],
    )) as Array<BouncedAddress & { bouncedAt: Date }>;
    return rows.map((row) => ({ ...row, bouncedAt: new Date(row.bouncedAt).toISOString() }));
  }
}
