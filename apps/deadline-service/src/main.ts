import { startService } from '@prestaflow/platform';
import { deadlineService } from './service';

startService(deadlineService).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
