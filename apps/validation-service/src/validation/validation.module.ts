import { Module } from '@nestjs/common';
import { defaultPolicy } from '@prestaflow/domain';
import { parsePositiveInteger } from '@prestaflow/platform';
import { internalCommandProviders, PrestationStoreModule } from '@prestaflow/write-side';
import { ValidationController } from './validation.controller';

// R17 sets no horizon for a planned absence: ABSENCE_LEAD_DAYS (calendar days, default one year)
// bounds how far ahead one may start; the e2e stacks that live in 2043 widen it.
const policy = { ...defaultPolicy, maxAbsenceLeadDays: parsePositiveInteger(process.env, 'ABSENCE_LEAD_DAYS', defaultPolicy.maxAbsenceLeadDays) };

@Module({ imports: [PrestationStoreModule.forRoot(policy)], controllers: [ValidationController], providers: internalCommandProviders })
export class ValidationModule {}
