import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DevPeopleController } from './dev-people.controller';
import { ShareWeeksController } from './share-weeks.controller';

/** The web app's needs of the gateway besides the static files (serve-web-app.ts): dev login people, the R15 chart. */
@Module({ imports: [AuthModule], controllers: [DevPeopleController, ShareWeeksController] })
export class WebModule {}
