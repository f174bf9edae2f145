import { Module } from '@nestjs/common';
import { PrestationStoreModule } from '@prestaflow/prestation-store';
import { internalCommandProviders } from '@prestaflow/views';
import { ValidationController } from './validation.controller';

@Module({ imports: [PrestationStoreModule.forRoot()], controllers: [ValidationController], providers: internalCommandProviders })
export class ValidationModule {}
