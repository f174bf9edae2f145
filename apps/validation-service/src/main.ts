import { startService } from '@prestaflow/platform';
import { validationService } from './service';

startService(validationService).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
