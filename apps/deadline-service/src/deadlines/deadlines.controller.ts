import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ValidationError } from '@prestaflow/contracts';
import { type BadEvent, badEventPolicies, type BadEventPolicy } from '@prestaflow/event-store';
import { CallerRoles } from '@prestaflow/platform';
import { DeadlineTable } from './deadline-table';
import { type OpenDeadline } from './open-deadlines';

/** What is open for a prestation, and a rebuild of the table from the event store: for operators (an OPERATOR token, ADR 0018). */
@Controller('deadlines')
@CallerRoles('OPERATOR')
export class DeadlinesController {
  constructor(private readonly table: DeadlineTable) {}

  @Get(':prestationId')
  ofPrestation(@Param('prestationId') prestationId: string): Promise<OpenDeadline[]> {
    return this.table.ofPrestation(prestationId);
  }

  /**
   * Rebuilds the table from the event store. `?onBadEvent=stop` (the default): 409 ILLEGAL_STATE
   * at the first bad event, its stream, position and why in `badEvent`; `skip`: 200 with every
   * bad event met in `badEvents`, their prestations' rows left as they were. 400 for another value.
   */
  @Post('rebuild')
  @HttpCode(200)
  rebuild(@Query('onBadEvent') onBadEvent: unknown = 'stop'): Promise<{ prestations: number; badEvents: BadEvent[] }> {
    if (!badEventPolicies.some((policy) => policy === onBadEvent)) throw new ValidationError('onBadEvent', `must be one of ${badEventPolicies.join(', ')}`);
    return this.table.rebuild(onBadEvent as BadEventPolicy);
  }
}
