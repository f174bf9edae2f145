// Loads reference data from CSV into the platform's database (README: "Reference data").
//   DATABASE_URL=... npm run reference-data -- companies|workers|users FILE.csv
import { readFileSync } from 'node:fs';
import { createDataSource, migrate } from '@prestaflow/platform';
import { importReferenceData, referenceDataKinds, type ReferenceDataKind } from './reference-data.import';

async function main([kind, file]: string[]): Promise<void> {
  const kinds = Object.keys(referenceDataKinds);
  if (!kind || !kinds.includes(kind) || !file) {
    throw new Error(`usage: npm run reference-data -- <${kinds.join('|')}> FILE.csv`);
  }
  const url = process.env['DATABASE_URL'];
  if (!url) throw new Error('DATABASE_URL is not set (npm start prints the one it uses)');
  const db = await createDataSource({ url, applicationName: 'reference-data-import' }).initialize();
  try {
    await migrate(db);
    const count = await importReferenceData(db, kind as ReferenceDataKind, readFileSync(file, 'utf8'));
    console.log(`${kind}: ${count} record(s) imported from ${file}`);
  } finally {
    await db.destroy();
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
