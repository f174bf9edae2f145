import { type ServerResponse } from 'node:http';
import { Controller, Get, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { companyExportRows, language, parseCompanyViewQuery, PrestationViews, writeCsv, writeXlsx } from '@prestaflow/views';
import { commandEndpoints, idempotencyKeySchema, NotFoundError, ValidationError } from '@prestaflow/contracts';
import { type Actor } from '../auth/actor';
import { AuthGuard, CurrentActor, Roles } from '../auth/auth.guard';
import { type CommandCall, ForwardedCall, ForwardedCommand, InternalServices } from '../commands/internal-services';
import { namedItems } from '../openapi/responses';
import { ApiQueryParameters, companyViewFilters } from '../openapi/query-parameters';

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
  @ForwardedCommand(commandEndpoints.companyEncodes)
  encode(@ForwardedCall() call: CommandCall) {
    return this.services.forward(commandEndpoints.companyEncodes, call);
  }

  /** R3: a correction of the version the company saw; the worker validates it again. */
  @ForwardedCommand(commandEndpoints.companyCorrects)
  correct(@ForwardedCall() call: CommandCall) {
    return this.services.forward(commandEndpoints.companyCorrects, call);
  }

  /** R16: the company validates a prestation its worker encoded (R1). */
  @ForwardedCommand(commandEndpoints.companyValidates)
  validate(@ForwardedCall() call: CommandCall) {
    return this.services.forward(commandEndpoints.companyValidates, call);
  }

  @ForwardedCommand(commandEndpoints.companyCancels)
  cancel(@ForwardedCall() call: CommandCall) {
    return this.services.forward(commandEndpoints.companyCancels, call);
  }

  /**
   * R12: filters status, workerId, userId, from, to (service dates); page, pageSize; sort
   * (-serviceDate; also status, workerId, workerName, hours, updatedAt); language. Each item names
   * the worker and the user (the household) besides their ids: workerName, userName (and
   * companyName), from the reference data when read, null when it no longer has them (issue 11).
   */
  @Get('prestations')
  @ApiOperation({ summary: 'R12: the company\'s prestations with their statuses, filtered, sorted and paged' })
  @ApiOkResponse({ description: `{page, pageSize, total, items}; each item with ${namedItems}` })
  @ApiQueryParameters(...companyViewFilters, 'page', 'pageSize', 'sort')
  list(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.views.company(actor.id, parseCompanyViewQuery(query));
  }


  /**
   * R14: the company's prestations as a CSV or XLSX file, streamed, with the new statuses in the
   * company's language (or ?language=); the list's filters apply (status, workerId, userId, from, to).
   * With ?language= (the web app always sends it) the file is for a person (issue 11): headers and
   * activities in that language; the CSV for fr/nl/de uses `;` and a decimal comma (hours "3,5"),
   * for en `,` and "3.5" (UTF-8 with a BOM in each case: a Belgian Excel opens it in columns).
   * Without it, the file stays for programs, as before: column ids as headers, activity codes, `,`.
   * Dates are ISO (serviceDate), the worker deadline Brussels wall time dd/mm/yyyy hh:mm. 400
   * VALIDATION on an unknown format (field `format`) or language (field `language`).
   */
  @Get('prestations/export.:format')
  @ApiOperation({ summary: 'R14: the company\'s prestations as a CSV or XLSX file, with the new statuses' })
  @ApiOkResponse({
    description:
      'the CSV or XLSX file. With ?language= for a person: headers and activities in that language; CSV in UTF-8 with a BOM, `;` and a decimal comma for fr/nl/de (a Belgian Excel), `,` for en. Without it, as before, for programs: column ids as headers, activity codes, `,`.',
  })
  @ApiQueryParameters(...companyViewFilters)
  async export(@CurrentActor() actor: Actor, @Param('format') format: string, @Query() query: Record<string, unknown>, @Res() response: ServerResponse) {
    if (format !== 'csv' && format !== 'xlsx') throw new ValidationError('format', 'must be csv or xlsx');
    const filters = parseCompanyViewQuery(query);
    const language = await this.views.companyLanguage(actor.id, filters.language);
    response.setHeader('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    response.setHeader('content-disposition', `attachment; filename="prestations.${format}"`);
    const rows = companyExportRows(this.views, actor.id, filters, language);
    try {
      await (format === 'csv' ? writeCsv(rows, response, filters.language) : writeXlsx(rows, response, filters.language));
    } catch (error) {
      // Past the headers a JSON error can no longer be sent: cut the download short instead.
      response.destroy(error as Error);
    }
  }

  /** One of the company's prestations as its view shows it, with the names of its worker and user (404 until the view has it, or when it is another's). */
  @Get('prestations/:id')
  @ApiOperation({ summary: 'One of the company\'s prestations, as its list shows it' })
  @ApiOkResponse({ description: `the prestation, with ${namedItems}` })
  @ApiQueryParameters('language')
  async one(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: Record<string, unknown>) {
    const row = await this.views.companyRow(actor.id, id, language(query));
    if (!row) throw new NotFoundError('no such prestation in your view');
    return row;
  }

  /** R15: the company's share of company-encoded prestations. */
  @Get('share')
  @ApiOperation({ summary: 'R15: the company\'s share of company-encoded prestations' })
  share(@CurrentActor() actor: Actor) {
    return this.views.companyShare(actor.id);
  }

  /** R11: until the worker changed it themselves; only for the company's own workers. */
  @ForwardedCommand(commandEndpoints.companySetsWorkerEmail)
  setWorkerEmail(@ForwardedCall() call: CommandCall) {
    return this.services.forward(commandEndpoints.companySetsWorkerEmail, call);
  }
}
