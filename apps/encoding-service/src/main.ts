import { startService } from '@prestaflow/platform';
import { encodingService } from './service';

startService(encodingService).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
