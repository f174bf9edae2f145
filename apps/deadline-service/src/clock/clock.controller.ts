import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Post, Put } from '@nestjs/common';
import { ValidationError } from '@prestaflow/contracts';
import { CallerRoles, CLOCK, ControllableClock, type Clock } from '@prestaflow/platform';

const DAY = 86_400_000;

/**
 * Reads, sets and moves the service's clock: only when it runs with CLOCK=controllable (tests and
 * demos); 404 otherwise, so a production service has no way to travel in time. An OPERATOR token
 * is required either way (ADR 0018).
 */
@Controller('clock')
@CallerRoles('OPERATOR')
export class ClockController {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  @Get()
  read(): { now: string } {
    return { now: this.controllable().now().toISOString() };
  }

  @Put()
  set(@Body() body: { now?: unknown }): { now: string } {
    const clock = this.controllable();
    const instant = typeof body?.now === 'string' ? new Date(body.now) : new Date(NaN);
    if (Number.isNaN(instant.getTime())) throw new ValidationError('now', 'an ISO 8601 instant is expected');
    clock.set(instant);
    return { now: clock.now().toISOString() };
  }

  @Post('advance')
  @HttpCode(200)
  advance(@Body() body: { milliseconds?: unknown; days?: unknown }): { now: string } {
    const clock = this.controllable();
    const milliseconds = Number(body?.milliseconds ?? 0) + Number(body?.days ?? 0) * DAY;
    if (!Number.isFinite(milliseconds) || milliseconds < 0) throw new ValidationError('milliseconds', 'a non-negative number (or days) is expected');
    return { now: clock.advance(milliseconds).toISOString() };
  }

  private controllable(): ControllableClock {
    if (!(this.clock instanceof ControllableClock)) throw new NotFoundException('the clock is controllable only with CLOCK=controllable');
    return this.clock;
  }
}
