import { Module } from '@nestjs/common';
import { internalCommandProviders, PrestationStoreModule } from '@prestaflow/write-side';
import { EncodingController } from './encoding.controller';

@Module({ imports: [PrestationStoreModule.forRoot()], controllers: [EncodingController], providers: internalCommandProviders })
export class EncodingModule {}
