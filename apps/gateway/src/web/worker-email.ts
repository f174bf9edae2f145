import { readWorkerProfile } from '@prestaflow/write-side';
import { type DataSource } from 'typeorm';

/**
 * R11: the address the worker's e-mails go to, as the notification service picks it: the one set
 * last (by the worker or by a company) over the reference data's; `setByWorker` once the worker
 * set it themselves (their companies can then no longer change it).
 */
export async function currentWorkerEmail(dataSource: DataSource, workerId: string, referenceEmail: string | null): Promise<{ email: string | null; setByWorker: boolean }> {
  const profile = await readWorkerProfile(dataSource, workerId);
  return { email: profile.email ?? referenceEmail, setByWorker: profile.lockedByWorker };
}
