import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { type Actor, earliestDate, ForbiddenError, isPlatformDate, NotFoundError, ValidationError } from '@prestaflow/contracts';
import { Caller, CallerRoles } from '@prestaflow/platform';
import { DateTime } from 'luxon';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../config';
import { CompanyDigests } from './company-digests';
import { type BouncedAddress, type LoggedNotification, NotificationQueries } from './notification-queries';
import { PushSubscriptions } from './push-subscriptions';

interface SubscriptionBody {
  readonly workerId?: unknown;
  readonly subscription?: { readonly endpoint?: unknown; readonly keys?: { readonly p256dh?: unknown; readonly auth?: unknown } };
}

const text = (value: unknown, field: string): string => {
  if (typeof value !== 'string' || value.trim() === '') throw new ValidationError(field, 'is required');
  return value;
};

/**
 * What was sent (or not) about a prestation, the bounced addresses per company, the worker app's
 * push subscriptions. Every call carries a bearer token (ADR 0018): an OPERATOR's, or for the push
 * endpoints the worker's own.
 */
@Controller('notifications')
@CallerRoles('OPERATOR')
export class NotificationsController {
  constructor(
    private readonly queries: NotificationQueries,
    private readonly subscriptions: PushSubscriptions,
    private readonly digestsOf: CompanyDigests,
    @Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig,
  ) {}

  @Get('prestations/:prestationId')
  ofPrestation(@Param('prestationId') prestationId: string): Promise<LoggedNotification[]> {
    return this.queries.ofPrestation(prestationId);
  }

  @Get('bounces')
  bounces(@Query('companyId') companyId?: string): Promise<BouncedAddress[]> {
    if (!companyId) throw new ValidationError('companyId', 'is required');
    return this.queries.bounces(companyId);
  }

  /**
   * Sends the companies' digests of `date` (YYYY-MM-DD, Brussels; today by default) not sent yet
   * (R14); `{ companies }`: how many got one. 400 VALIDATION on `date` unless it is a real day the
   * contracts take (2026-02-30 is not).
   */
  @Post('digests')
  @HttpCode(200)
  async digests(@Body() body: { date?: unknown }): Promise<{ companies: number }> {
    const date = body?.date === undefined ? DateTime.now().setZone('Europe/Brussels').toISODate() : body.date;
    if (!isPlatformDate(date)) throw new ValidationError('date', `must be a real day YYYY-MM-DD, from ${earliestDate}`);
    return { companies: await this.digestsOf.send(date) };
  }

  /** The VAPID public key the worker app subscribes with (404 when push is not configured). */
  @Get('push-key')
  @CallerRoles('WORKER', 'OPERATOR')
  pushKey(): { publicKey: string } {
    // A NOT_FOUND of its own: Nest's NotFoundException reads as "no such endpoint" (PlatformExceptionFilter).
    if (!this.config.vapid) throw new NotFoundError('Web Push is not configured on this platform (VAPID_PUBLIC_KEY)');
    return { publicKey: this.config.vapid.publicKey };
  }

  /** The worker app registers a device: `{ workerId, subscription: PushSubscription.toJSON() }`, with the worker's token (403 for another worker). */
  @Post('push-subscriptions')
  @CallerRoles('WORKER')
  @HttpCode(201)
  async subscribe(@Caller() caller: Actor, @Body() body: SubscriptionBody): Promise<{ endpoint: string }> {
    const workerId = text(body?.workerId, 'workerId');
    if (workerId !== caller.id) throw new ForbiddenError(`a worker registers their own devices: the token is ${caller.id}'s`);
    const endpoint = text(body?.subscription?.endpoint, 'subscription.endpoint');
    if (!/^https:\/\//.test(endpoint)) throw new ValidationError('subscription.endpoint', 'must be an https URL');
    await this.subscriptions.subscribe(workerId, {
      endpoint,
      p256dh: text(body?.subscription?.keys?.p256dh, 'subscription.keys.p256dh'),
      auth: text(body?.subscription?.keys?.auth, 'subscription.keys.auth'),
    });
    return { endpoint };
  }
}
