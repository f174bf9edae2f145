import { startService } from '@prestaflow/platform';
import { gateway } from './service';

startService(gateway).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
