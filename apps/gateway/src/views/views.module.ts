import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Projector, registerProjectionLag } from '@prestaflow/event-store';
import { ServiceMetrics, systemClock } from '@prestaflow/platform';
import { PrestationViews, prestationViewProjection } from '@prestaflow/views';
import { VIEW_PROJECTOR, ViewsConsumer } from './views.consumer';

@Module({
  controllers: [ViewsConsumer],
  providers: [
    {
      provide: VIEW_PROJECTOR,
      inject: [DataSource, ServiceMetrics],
      useFactory: (dataSource: DataSource, metrics: ServiceMetrics) => {
        registerProjectionLag(metrics, dataSource, prestationViewProjection);
        return new Projector(dataSource, prestationViewProjection);
      },
    },
    { provide: PrestationViews, inject: [DataSource], useFactory: (dataSource: DataSource) => new PrestationViews(dataSource, systemClock) },
  ],
  exports: [PrestationViews],
})
export class ViewsModule {}
