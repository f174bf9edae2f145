import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
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

  @Post('rebuild')
  @HttpCode(200)
  async rebuild(): Promise<{ prestations: number }> {
    return { prestations: await this.table.rebuild() };
  }
}
