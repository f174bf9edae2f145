import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CompanyUsersController } from './company-users.controller';
import { CompanyWorkersController } from './company-workers.controller';
import { DevPeopleController } from './dev-people.controller';
import { ShareWeeksController } from './share-weeks.controller';
import { WorkerProfileController } from './worker-profile.controller';

/** The web app's needs of the gateway besides the static files (serve-web-app.ts): dev login people, the R15 chart, the workers' addresses and bounces, the worker's own profile (R11), the households a company picks by name (issue 11). */
@Module({ imports: [AuthModule], controllers: [DevPeopleController, ShareWeeksController, CompanyWorkersController, CompanyUsersController, WorkerProfileController] })
export class WebModule {}
