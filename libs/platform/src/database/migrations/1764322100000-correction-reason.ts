import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * `prestation_views.correction_reason`: the reason the company gave with its last correction (R3),
 * which the worker validates against, beside the encoding's (R2). Null on rows folded before it
 * until the views are rebuilt from the log (`npm run operator -- rebuild`).
 */
export class CorrectionReason1764322100000 implements MigrationInterface {
  name = 'CorrectionReason1764322100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE prestation_views ADD COLUMN correction_reason text');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE prestation_views DROP COLUMN correction_reason');
  }
}
