import { Module } from '@nestjs/common';
import { internalCommandProviders, PrestationStoreModule } from '@prestaflow/write-side';
import { ValidationController } from './validation.controller';

@Module({ imports: [PrestationStoreModule.forRoot()], controllers: [ValidationController], providers: internalCommandProviders })
export class ValidationModule {}
