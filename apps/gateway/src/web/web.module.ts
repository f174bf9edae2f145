import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DevPeopleController } from './dev-people.controller';

/** The web app's needs of the gateway besides the static files (serve-web-app.ts). */
@Module({ imports: [AuthModule], controllers: [DevPeopleController] })
export class WebModule {}
