import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { type FromSchema } from 'json-schema-to-ts';
import { answerSchema, localDateSchema, nullable } from '@prestaflow/contracts';
import { type Actor } from '../auth/actor';
import { AuthGuard, CurrentActor, Roles } from '../auth/auth.guard';

/** R15, one week: the company's share of own encodings beside the platform's. */
export const shareWeekSchema = answerSchema({
  week: { ...localDateSchema, description: 'Monday of the week, Brussels time' },
  total: { type: 'integer', minimum: 0 },
  encodedByCompany: { type: 'integer', minimum: 0 },
  share: nullable({ type: 'number', minimum: 0, maximum: 1, description: 'encodedByCompany / total; null for a week without prestations' }),
  platformShare: nullable({ type: 'number', minimum: 0, maximum: 1, description: "the same share over every company's prestations encoded that week; null when there were none" }),
});
export type ShareWeek = FromSchema<typeof shareWeekSchema>;

/** The company portal's chart of R15 (issue 11): its share of own encodings week by week, beside the platform's. */
@ApiTags('company portal')
@ApiBearerAuth()
@Controller('company')
@UseGuards(AuthGuard)
@Roles('company')
export class ShareWeeksController {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * R15 over the last 12 weeks (this one included), by the week each prestation was first
   * encoded (Brussels time), cancelled ones included as in GET /company/share; each week with
   * the platform's share beside it, so the company sees whether it stays exceptional.
   */
  @Get('share/weeks')
  @ApiOperation({ summary: 'R15: the company\'s share of company-encoded prestations over the last 12 weeks, beside the platform\'s' })
  async weeks(@CurrentActor() actor: Actor): Promise<ShareWeek[]> {
    const rows = (await this.dataSource.query(
      `WITH weeks AS (
         SELECT generate_series(date_trunc('week', now() AT TIME ZONE 'Europe/Brussels') - interval '11 weeks',
                                date_trunc('week', now() AT TIME ZONE 'Europe/Brussels'), interval '1 week') AS week)
       SELECT to_char(w.week, 'YYYY-MM-DD') AS week,
              count(v.prestation_id) FILTER (WHERE v.company_id = $1)::int AS total,
              count(v.prestation_id) FILTER (WHERE v.company_id = $1 AND v.encoded_by = 'COMPANY')::int AS by_company,
              count(v.prestation_id)::int AS platform_total,
              count(v.prestation_id) FILTER (WHERE v.encoded_by = 'COMPANY')::int AS platform_by_company
       FROM weeks w
       LEFT JOIN prestation_views v
         ON v.encoded_at >= (w.week AT TIME ZONE 'Europe/Brussels') AND v.encoded_at < ((w.week + interval '1 week') AT TIME ZONE 'Europe/Brussels')
       GROUP BY w.week ORDER BY w.week`,
      [actor.id],
    )) as Array<{ week: string; total: number; by_company: number; platform_total: number; platform_by_company: number }>;
    return rows.map((row) => ({
      week: row.week,
      total: row.total,
      encodedByCompany: row.by_company,
      share: row.total === 0 ? null : row.by_company / row.total,
      platformShare: row.platform_total === 0 ? null : row.platform_by_company / row.platform_total,
    }));
  }
}
