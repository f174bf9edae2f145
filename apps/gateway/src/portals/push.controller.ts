import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor } from '../auth/actor';
import { AuthGuard, CurrentActor, Roles } from '../auth/auth.guard';
import { InternalServices } from '../commands/internal-services';
import { type RequestBody } from './request';

/**
 * R4 on the worker's devices: the worker app subscribes the browser to Web Push with the
 * notification service's VAPID key and registers the subscription there; both calls are passed
 * on to the notification service with the worker's own token (ADR 0018), its answer as it is.
 * Not commands: registering the same endpoint again only refreshes it, so no Idempotency-Key.
 */
@ApiTags('worker app')
@ApiBearerAuth()
@Controller('worker')
@UseGuards(AuthGuard)
@Roles('worker')
export class WorkerPushController {
  constructor(private readonly services: InternalServices) {}

  /**
   * `{ publicKey }`: the VAPID public key (base64url, P-256) for `pushManager.subscribe`.
   * 404 NOT_FOUND when the notification service has no VAPID keys (push not configured), 503
   * UNAVAILABLE when it does not answer.
   */
  @Get('push-key')
  @ApiOperation({ summary: 'R4: the VAPID public key the worker app subscribes to push with' })
  @ApiOkResponse({ description: 'the VAPID public key', schema: { type: 'object', required: ['publicKey'], properties: { publicKey: { type: 'string' } } } })
  pushKey(@CurrentActor() actor: Actor) {
    return this.services.pass('notification', 'GET', '/notifications/push-key', actor);
  }

  /**
   * `{ subscription: { endpoint (https), keys: { p256dh, auth } } }` (PushSubscription.toJSON())
   * registers this device for the token's worker; 201 `{ endpoint }`. 400 VALIDATION naming the
   * field (`subscription.endpoint`, `subscription.keys.p256dh`...), 503 UNAVAILABLE when the
   * notification service does not answer.
   */
  @Post('push-subscriptions')
  @ApiOperation({ summary: 'R4: registers this device of the worker for push notifications' })
  @HttpCode(201)
  @ApiCreatedResponse({ description: 'the device is registered', schema: { type: 'object', required: ['endpoint'], properties: { endpoint: { type: 'string' } } } })
  subscribe(@CurrentActor() actor: Actor, @Body() body: RequestBody) {
    return this.services.pass('notification', 'POST', '/notifications/push-subscriptions', actor, { workerId: actor.id, subscription: body['subscription'] });
  }
}
