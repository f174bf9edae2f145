import { type ServerResponse } from 'node:http';
import { Body, Controller, Get, Headers, Param, Post, Put, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { companyExportRows, language, parseCompanyViewQuery, PrestationViews, writeCsv, writeXlsx } from '@prestaflow/views';
import { idempotencyKeySchema, NotFoundError, ValidationError } from '@prestaflow/contracts';
import { type Actor } from '../auth/actor';
import { AuthGuard, CurrentActor, Roles } from '../auth/auth.guard';
import { InternalServices } from '../commands/internal-services';
import { ApiQueryParameters, companyViewFilters } from '../openapi/query-parameters';
import { type RequestBody, segment } from './request';

/** The company portal: its own prestations only (the company id is the token's subject). */
@ApiTags('company portal')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false, schema: idempotencyKeySchema, description: 'required on every command (POST, PUT): the same key and request answer the same, once' })
@Controller('company')
@UseGuards(AuthGuard)
@Roles('company')
export class CompanyController {
  constructor(
    private readonly services: InternalServices,
    private readonly views: PrestationViews,
  ) {}

  /** R2: the company encodes for its worker, exceptionally, with a reason. */
  @Post('prestations')
  encode(@CurrentActor() actor: Actor, @Headers('idempotency-key') key: string | undefined, @Body() body: RequestBody) {
    return this.services.send('encoding', 'POST', '/internal/company-encodings', actor, key, body);
  }

  /** R3: a correction of the version the company saw; the worker validates it again. */
  @Post('prestations/:id/corrections')
  correct(@CurrentActor() actor: Actor, @Headers('idempotency-key') key: string | undefined, @Param('id') id: string, @Body() body: RequestBody) {
    return this.services.send('encoding', 'POST', `/internal/prestations/${segment(id)}/corrections`, actor, key, body);
  }

  /** R16: the company validates a prestation its worker encoded (R1). */
  @Post('prestations/:id/validation')
  validate(@CurrentActor() actor: Actor, @Headers('idempotency-key') key: string | undefined, @Param('id') id: string, @Body() body: RequestBody) {
    return this.services.send('validation', 'POST', `/internal/prestations/${segment(id)}/company-validation`, actor, key, body);
  }

  @Post('prestations/:id/cancellation')
  cancel(@CurrentActor() actor: Actor, @Headers('idempotency-key') key: string | undefined, @Param('id') id: string, @Body() body: RequestBody) {
    return this.services.send('encoding', 'POST', `/internal/prestations/${segment(id)}/cancellation`, actor, key, body);
  }

  /** R12: filters status, workerId, userId, from, to (service dates); page, pageSize; sort (-serviceDate); language. */
  @Get('prestations')
  @ApiQueryParameters(...companyViewFilters, 'page', 'pageSize', 'sort')
  list(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.views.company(actor.id, parseCompanyViewQuery(query));
  }


  /**
   * R14: the company's prestations as a CSV or XLSX file, streamed, with the new statuses in the
   * company's language (or ?language=); the list's filters apply (status, workerId, userId, from, to).
   */
  @Get('prestations/export.:format')
  @ApiQueryParameters(...companyViewFilters)
  async export(@CurrentActor() actor: Actor, @Param('format') format: string, @Query() query: Record<string, unknown>, @Res() response: ServerResponse) {
    if (format !== 'csv' && format !== 'xlsx') throw new ValidationError('format', 'must be csv or xlsx');
    const filters = parseCompanyViewQuery(query);
    const language = await this.views.companyLanguage(actor.id, filters.language);
    response.setHeader('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    response.setHeader('content-disposition', `attachment; filename="prestations.${format}"`);
    const rows = companyExportRows(this.views, actor.id, filters, language);
    try {
      await (format === 'csv' ? writeCsv(rows, response) : writeXlsx(rows, response));
    } catch (error) {
      // Past the headers a JSON error can no longer be sent: cut the download short instead.
      response.destroy(error as Error);
    }
  }

  /** One of the company's prestations as its view shows it (404 until the view has it, or when it is another's). */
  @Get('prestations/:id')
  @ApiQueryParameters('language')
  async one(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: Record<string, unknown>) {
    const row = await this.views.companyRow(actor.id, id, language(query));
    if (!row) throw new NotFoundError('no such prestation in your view');
    return row;
  }

  /** R15: the company's share of company-encoded prestations. */
  @Get('share')
  share(@CurrentActor() actor: Actor) {
    return this.views.companyShare(actor.id);
  }

  /** R11: until the worker changed it themselves; only for the company's own workers. */
  @Put('workers/:workerId/email')
  setWorkerEmail(@CurrentActor() actor: Actor, @Headers('idempotency-key') key: string | undefined, @Param('workerId') workerId: string, @Body() body: RequestBody) {
    return this.services.send('validation', 'PUT', `/internal/workers/${segment(workerId)}/email`, actor, key, body);
  }
}
