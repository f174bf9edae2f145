import webpush from 'web-push';
import { importReferenceData } from '@prestaflow/reference-data';
import { startTestSmtpServer, type TestSmtpServer } from '@prestaflow/mail/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the browser tests boot the platform with the gateway e2e tests' own harness (one copy)
import { people, type People, Platform } from '../../gateway/src/testing/harness';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the notification service's loopback push service (one copy), as a browser vendor runs one
import { startPushReceiver } from '../../notification-service/src/testing/push-receiver';

export type PushReceiver = Awaited<ReturnType<typeof startPushReceiver>>;

/**
 * The real platform for the browser tests: the gateway e2e harness (gateway in this process,
 * serving apps/web/dist under /app/; encoding and validation services as processes; fresh
 * reference data) plus the notification service as a process, sending to an SMTP catcher
 * with links to this gateway and Web Push (VAPID keys of its own) to a push service on loopback
 * that decrypts what it receives; all on the stack's own database (ADR 0025).
 */
export class BrowserPlatform {
  private constructor(
    readonly platform: Platform,
    readonly who: People & { workerEmail: string },
    readonly smtp: TestSmtpServer,
    readonly push: PushReceiver,
    /** What the worker app must subscribe with (base64url). */
    readonly vapidPublicKey: string,
  ) {}

  get base(): string {
    return this.platform.base;
  }

  static async start(): Promise<BrowserPlatform> {
    const vapid = webpush.generateVAPIDKeys();
    const [smtp, push] = await Promise.all([startTestSmtpServer(), startPushReceiver(vapid.publicKey)]);
    const who = { ...people(), workerEmail: `worker-${Date.now()}@example.be` };
    // On the stack's database (ADR 0025), verifying the gateway's development tokens (ADR 0018).
    const platform = await Platform.start(who, (base) => ({
      'notification-service': {
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        APP_URL: base,
        NOTIFICATION_RETRY_INTERVAL_MS: '200',
        VAPID_PUBLIC_KEY: vapid.publicKey,
        VAPID_PRIVATE_KEY: vapid.privateKey,
        VAPID_SUBJECT: 'mailto:ops@prestaflow.example',
        PUSH_CA: push.ca,
      },
    }));
    // The worker gets e-mails (R4); re-importing updates the harness's row.
    await importReferenceData(platform.dataSource, 'workers', `worker_id,name,language,email,app_installed,company_ids\n${who.worker},Aïcha,fr,${who.workerEmail},yes,${who.companyA}\n`);
    return new BrowserPlatform(platform, who, smtp, push, vapid.publicKey);
  }

  async stop(): Promise<void> {
    await this.platform?.stop();
    await this.smtp?.close();
    await this.push?.close();
  }
}
