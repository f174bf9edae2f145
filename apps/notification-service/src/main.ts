import { startService } from '@prestaflow/platform';
import { notificationService } from './service';

startService(notificationService).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
