import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Who the platform knows: companies (with the region whose delays they follow, R19), workers and
 * the companies that employ them (a worker can work for several), users. Loaded by the import
 * command from CSV files; a prestation is only accepted for people found here.
 */
export class ReferenceData1764320100000 implements MigrationInterface {
  name = 'ReferenceData1764320100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE companies (
        company_id text PRIMARY KEY,
        name       text NOT NULL,
        region     text NOT NULL CHECK (region IN ('BRUSSELS', 'WALLONIA', 'FLANDERS')),
        language   text NOT NULL CHECK (language IN ('fr', 'nl', 'de', 'en')),
        email      text
      )`);
    await db.query(`
      CREATE TABLE workers (
        worker_id     text PRIMARY KEY CHECK (worker_id ~ '^[0-9]{12}$'),
        name          text NOT NULL,
        language      text NOT NULL CHECK (language IN ('fr', 'nl', 'de', 'en')),
        email         text,
        app_installed boolean NOT NULL
      )`);
    await db.query(`
      CREATE TABLE worker_employments (
        worker_id  text NOT NULL REFERENCES workers (worker_id),
        company_id text NOT NULL REFERENCES companies (company_id),
        PRIMARY KEY (worker_id, company_id)
      )`);
    await db.query(`
      CREATE TABLE users (
        user_id  text PRIMARY KEY CHECK (user_id ~ '^[0-9]{12}$'),
        name     text NOT NULL,
        language text NOT NULL CHECK (language IN ('fr', 'nl', 'de', 'en')),
        email    text
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE users, worker_employments, workers, companies');
  }
}
