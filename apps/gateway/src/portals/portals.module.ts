import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { InternalServices, loadServiceUrls } from '../commands/internal-services';
import { ViewsModule } from '../views/views.module';
import { CompanyController } from './company.controller';
import { UserController } from './user.controller';
import { AuditController, OperatorController } from './audit.controller';
import { IvrController, WorkerController } from './worker.controller';
import { WorkerPushController } from './push.controller';

@Module({
  imports: [AuthModule, ViewsModule],
  controllers: [CompanyController, WorkerController, WorkerPushController, IvrController, UserController, OperatorController, AuditController],
  providers: [{ provide: InternalServices, useFactory: () => new InternalServices(loadServiceUrls()) }],
})
export class PortalsModule {}
