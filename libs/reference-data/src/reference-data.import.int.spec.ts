import { type DataSource } from 'typeorm';
import { createDataSource, migrate } from '@prestaflow/platform';
import { integrationEnvironment, uniqueName } from '@prestaflow/platform/testing';
import { importReferenceData, ReferenceDataImportError } from './reference-data.import';

describe('reference data import, real PostgreSQL', () => {
  const schema = uniqueName('reference');
  let db: DataSource;

  beforeAll(async () => {
    db = await createDataSource({ url: integrationEnvironment().databaseUrl, schema }).initialize();
    await migrate(db);
  });

  afterAll(async () => {
    await db.query(`DROP SCHEMA "${schema}" CASCADE`);
    await db.destroy();
  });

  const companies = 'company_id,name,region,language,email\nC1,Net & Co,wallonia,fr,info@net.be\nC2,Schoon,FLANDERS,nl,\n';

  it('loads companies, then workers employed by several of them, then users; a re-import updates', async () => {
    expect(await importReferenceData(db, 'companies', companies)).toBe(2);
    expect(
      await importReferenceData(db, 'workers', 'worker_id,name,language,email,app_installed,company_ids\n980000000001,Ana,nl,ana@x.be,yes,C1;C2\n980000000002,Bo,fr,,no,C1\n'),
    ).toBe(2);
    expect(await importReferenceData(db, 'users', 'user_id,name,language,email\n100000000001,Famille Dupont,fr,dupont@x.be\n')).toBe(1);
    await importReferenceData(db, 'workers', 'worker_id,name,language,email,app_installed,company_ids\n980000000001,Ana,de,ana@x.be,yes,C2\n');

    expect(await db.query('SELECT worker_id, company_id FROM worker_employments ORDER BY 1, 2')).toEqual([
      { worker_id: '980000000001', company_id: 'C2' },
      { worker_id: '980000000002', company_id: 'C1' },
    ]);
    expect(await db.query(`SELECT language, email FROM workers WHERE worker_id = '980000000001'`)).toEqual([{ language: 'de', email: 'ana@x.be' }]);
    expect(await db.query(`SELECT region FROM companies ORDER BY company_id`)).toEqual([{ region: 'WALLONIA' }, { region: 'FLANDERS' }]);
  });

  it('refuses a whole file listing every bad line, and writes nothing', async () => {
    const file = 'user_id,name,language,email\n100000000009,Ok,fr,\n12,Short,fr,\n100000000010,Bad mail,xx,nope\n';
    await expect(importReferenceData(db, 'users', file)).rejects.toThrow(ReferenceDataImportError);
    await expect(importReferenceData(db, 'users', file)).rejects.toThrow(/line 3, user_id: "12" is not 12 digits\n {2}line 4, language: "xx" is not one of fr, nl, de, en/);
    expect(await db.query(`SELECT count(*)::int AS n FROM users WHERE user_id = '100000000009'`)).toEqual([{ n: 0 }]);
  });

  it('refuses a record on two lines of one file, naming both, and writes nothing (newcomer trial: the last line won without a word)', async () => {
    const file = 'user_id,name,language,email\n100000000021,Famille Un,fr,\n100000000022,Famille Deux,nl,\n100000000021,Famille Trois,de,\n';
    await expect(importReferenceData(db, 'users', file)).rejects.toThrow(/^nothing imported, 1 problem\(s\):\n {2}line 4, user_id: "100000000021" is also on line 2: one line each$/);
    expect(await db.query(`SELECT count(*)::int AS n FROM users WHERE user_id IN ('100000000021', '100000000022')`)).toEqual([{ n: 0 }]);
  });

  it('refuses a worker of an unknown company, and writes nothing', async () => {
    const file = 'worker_id,name,language,email,app_installed,company_ids\n980000000003,Cy,fr,,no,C1\n980000000004,Di,fr,,no,C9\n';
    await expect(importReferenceData(db, 'workers', file)).rejects.toThrow('line 3, company_ids: company "C9" is not known (import companies first)');
    expect(await db.query(`SELECT count(*)::int AS n FROM workers WHERE worker_id = '980000000003'`)).toEqual([{ n: 0 }]);
  });

  // The CSV parser reads UTF-8, where an unpaired surrogate cannot be (the gateway refuses one in the body).
  it('refuses text PostgreSQL cannot store (NUL) naming line and column, and writes nothing (issue #10)', async () => {
    const file = 'company_id,name,region,language,email\nC7,Ok,WALLONIA,fr,\nC8,Net\u0000Co,WALLONIA,fr,\nC9\u0000,X,WALLONIA,fr,\n';
    await expect(importReferenceData(db, 'companies', file)).rejects.toThrow(
      /line 3, name: must not contain NUL characters or unpaired surrogates\n {2}line 4, company_id: must not contain/,
    );
    expect(await db.query(`SELECT count(*)::int AS n FROM companies WHERE company_id = 'C7'`)).toEqual([{ n: 0 }]);
  });

  it('refuses an e-mail address the event contract would refuse (one pattern, R11)', async () => {
    const file = 'user_id,name,language,email\n100000000011,Q,fr,"""a""@b.c"\n'; // the CSV for "a"@b.c
    await expect(importReferenceData(db, 'users', file)).rejects.toThrow('line 2, email: ""a"@b.c" is not an e-mail address');
  });

  it('refuses a file without the expected header', async () => {
    await expect(importReferenceData(db, 'companies', 'id,name\n1,x\n')).rejects.toThrow(/the header must name the columns company_id, name, region, language, email \(missing: company_id, region, language\)/);
  });

  it('says what is wrong with an empty file, a header alone, and semicolons (second newcomer trial: each was "missing" every column)', async () => {
    const problemsOf = (csv: string) => importReferenceData(db, 'users', csv).then(() => [], (error: { problems: string[] }) => error.problems);
    expect(await problemsOf('')).toEqual(['the file is empty: its first line names the columns user_id, name, language, email']);
    expect(await problemsOf('user_id,name,language,email\n')).toEqual(['the file has no line after its header']);
    expect(await problemsOf('user_id;name;language;email\n100000000012;Q;fr;\n')).toEqual(['the columns are separated by semicolons: separate them with commas (user_id, name, language, email)']);
  });
});
