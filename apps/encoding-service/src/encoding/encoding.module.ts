import { Module } from '@nestjs/common';
import { PrestationStoreModule } from '@prestaflow/prestation-store';
import { internalCommandProviders } from '@prestaflow/views';
import { EncodingController } from './encoding.controller';

@Module({ imports: [PrestationStoreModule.forRoot()], controllers: [EncodingController], providers: internalCommandProviders })
export class EncodingModule {}
