import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachStore } from '../../../test/support/stores.js';
import { CLI_PRINCIPAL } from '../../access/index.js';
import type { Ctx } from '../../app.js';
import { ValidationError } from '../../core/index.js';
import { type ImportOptions, importPeople } from './service.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/import/', import.meta.url));
const fixture = (name: string) => createReadStream(path.join(FIXTURES, name));
const csv = (text: string) => Readable.from([text]);

function run(ctx: Ctx, source: Readable, options: Partial<ImportOptions> = {}) {
  return importPeople(ctx, source, { format: 'auto', ...options }, CLI_PRINCIPAL);
}

async function personByEmail(ctx: Ctx, email: string) {
  return ctx.db.selectFrom('people').selectAll().where('email', '=', email).executeTakeFirst();
}

async function countPeople(ctx: Ctx, emailLike: string): Promise<number> {
  const row = await ctx.db
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('email', 'like', emailLike)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

forEachStore('importPeople', (fx) => {
  const users = { dana: 'usr_import_dana', marco: 'usr_import_marco' };
  let tmp = '';

  beforeAll(async () => {
    const now = fx.clock.now();
    const user = (id: string, email: string, name: string) => ({
      id,
      email,
      name,
      role: 'sdr',
      time_zone: 'Europe/London',
      created_at: now,
      updated_at: now,
    });
    await fx.ctx.db
      .insertInto('users')
      .values([
        user(users.dana, 'dana.whitfield@servio.test', 'Dana Whitfield'),
        user(users.marco, 'marco.rossi@servio.test', 'Marco Rossi'),
      ])
      .execute();
    tmp = await mkdtemp(path.join(os.tmpdir(), 'servio-import-'));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('imports a Salesforce lead report: good rows in, bad rows reported by line, duplicates merged', async () => {
    const summary = await run(fx.ctx, fixture('salesforce-leads.csv'));
    expect(summary).toMatchObject({
      format: 'salesforce',
      formatDetected: true,
      dryRun: false,
      rows: 10,
      created: 5,
      updated: 0,
      merged: 1,
      rejected: 4,
      ignoredColumns: ['Description'],
      unmatchedOwners: ['Pat Nobody'],
      stoppedAt: null,
    });
    expect(summary.rejections).toEqual([
      { line: 6, email: 'not-an-email', reason: 'invalid email "not-an-email"' },
      { line: 7, email: null, reason: 'missing email' },
      {
        line: 8,
        email: 'barbara@substitution.io',
        reason: 'No. of Employees "lots" is not a whole number of employees',
      },
      {
        line: 12,
        email: 'margaret@apollo-guidance.com',
        reason: 'Lead Status "Maybe Later" is not a stage servio knows',
      },
    ]);

    const ada = await personByEmail(fx.ctx, 'ada@analytical-engines.com');
    // The later row (line 10) wins field by field; fields it leaves blank keep the earlier values.
    expect(ada).toMatchObject({
      title: 'Chief Technology Officer',
      phone: '+44 20 7946 0001',
      employees: 250,
      external_id: '00Q5g00000LdA007',
      owner_user_id: users.dana,
      stage: 'sql',
      country: 'United Kingdom',
    });
    expect(ada!.attributes).toMatchObject({
      city: 'London',
      annualRevenue: 12_000_000,
      rating: 'Hot',
      createdDate: '11/4/2025',
    });
    const account = await fx.ctx.db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', ada!.account_id!)
      .executeTakeFirstOrThrow();
    expect(account).toMatchObject({ domain: 'analytical-engines.com', name: 'Analytical Engines' });

    expect(await personByEmail(fx.ctx, 'grace@cobol-systems.com')).toMatchObject({
      title: 'VP Engineering, Compilers',
      company: 'Cobol Systems, Inc.',
      employees: 1200,
      phone: '+1 212 555 0102',
      stage: 'lead',
    });
    const alan = await personByEmail(fx.ctx, 'alan.turing@gmail.com');
    expect(alan).toMatchObject({
      account_id: null,
      owner_user_id: null,
      stage: 'nurture',
      unsubscribed: true,
    });
    expect(alan!.attributes).toMatchObject({ owner: 'Pat Nobody', leadStatus: 'Closed - Not Converted' });
    expect(await personByEmail(fx.ctx, 'kjohnson@stanford.edu')).toMatchObject({ account_id: null });
    expect(await personByEmail(fx.ctx, 'linus@kernel-works.org')).toMatchObject({
      stage: 'sql',
      unsubscribed: false,
    });
    const freeMail = await fx.ctx.db
      .selectFrom('accounts')
      .select('id')
      .where('domain', 'in', ['gmail.com', 'stanford.edu'])
      .execute();
    expect(freeMail).toEqual([]);
    const history = await fx.ctx.db
      .selectFrom('stage_history')
      .selectAll()
      .where('person_id', '=', ada!.id)
      .execute();
    expect(history).toMatchObject([{ from_stage: null, to_stage: 'sql', actor_type: 'cli' }]);
  });

  it('imports a HubSpot contact export with a BOM, CRLF lines and a field spanning two lines', async () => {
    const summary = await run(fx.ctx, fixture('hubspot-contacts.csv'));
    expect(summary).toMatchObject({
      format: 'hubspot',
      rows: 11,
      created: 6,
      updated: 0,
      merged: 1,
      rejected: 4,
    });
    expect(summary.rejections.map((r) => [r.line, r.reason])).toEqual([
      [4, 'Number of Employees "12.5" is not a whole number of employees'],
      [9, 'Lifecycle Stage "Prospect" is not a stage servio knows'],
      [10, 'missing email'],
      [12, 'Unsubscribed from all email "maybe" is not one of true/false, yes/no, 1/0'],
    ]);
    expect(summary.ignoredColumns).toEqual(['Last Activity Date']);

    // Owners by email in any case, and by exact name.
    expect(await personByEmail(fx.ctx, 'hedy@frequency-hop.com')).toMatchObject({
      owner_user_id: users.marco,
      stage: 'mql',
      lead_source: 'Organic Search',
    });
    expect(await personByEmail(fx.ctx, 'tim@web-consortium.org')).toMatchObject({
      owner_user_id: users.marco,
      stage: 'sql',
      company: 'Web Consortium, Ltd',
    });
    expect(await personByEmail(fx.ctx, 'vint@tcp-ip.com')).toMatchObject({
      company: 'TCP/IP Partners,\r\nLLC',
      employees: 2000,
      stage: 'customer',
    });
    expect(await personByEmail(fx.ctx, 'frances@optimizing-compilers.com')).toMatchObject({
      title: 'Fellow',
      stage: 'advocate',
      phone: '+1 914 555 0199',
      company: 'Optimizing Compilers',
      external_id: '51009',
    });
    expect(await personByEmail(fx.ctx, 'johndoe@yahoo.com')).toMatchObject({
      account_id: null,
      unsubscribed: true,
      stage: 'lead',
    });
    const dennis = await personByEmail(fx.ctx, 'dennis@unix-labs.com');
    expect(dennis).toMatchObject({ employees: 1500, stage: 'advocate', unsubscribed: false });
    expect(dennis!.attributes).toMatchObject({
      externalSource: 'hubspot',
      state: 'New Jersey',
      marketingContactStatus: 'Marketing contact',
    });
  });

  it('updates on re-import rather than duplicating anyone', async () => {
    const before = await countPeople(fx.ctx, '%');
    const summary = await run(fx.ctx, fixture('hubspot-contacts.csv'), { format: 'hubspot' });
    expect(summary).toMatchObject({ formatDetected: false, created: 0, updated: 6, merged: 1, rejected: 4 });
    expect(await countPeople(fx.ctx, '%')).toBe(before);
  });

  it('writes nothing on a dry run and counts what would change', async () => {
    const peopleBefore = await countPeople(fx.ctx, '%');
    const accountsBefore = await fx.ctx.db.selectFrom('accounts').select('id').execute();
    const auditBefore = await fx.ctx.db.selectFrom('audit_log').select('id').execute();
    const summary = await run(
      fx.ctx,
      csv(
        'email,first_name,company\nnew1@dry-run.io,New,Dry Run\nnew2@dry-run.io,Two,Dry Run\nhedy@frequency-hop.com,Hedwig,\nNEW1@dry-run.io,Renamed,\n',
      ),
      { dryRun: true, batchSize: 2 },
    );
    expect(summary).toMatchObject({
      dryRun: true,
      format: 'generic',
      rows: 4,
      created: 2,
      updated: 1,
      merged: 1,
      rejected: 0,
    });
    expect(await countPeople(fx.ctx, '%')).toBe(peopleBefore);
    expect(await fx.ctx.db.selectFrom('accounts').select('id').execute()).toEqual(accountsBefore);
    expect(await fx.ctx.db.selectFrom('audit_log').select('id').execute()).toEqual(auditBefore);
    expect(await personByEmail(fx.ctx, 'hedy@frequency-hop.com')).toMatchObject({ first_name: 'Hedy' });
  });

  it('keeps the good rows of a batch when the database refuses one of them', async () => {
    // Grace's Salesforce lead id belongs to her; a second person cannot take it.
    const summary = await run(
      fx.ctx,
      csv(
        'email,external_id\nfirst@refused.io,EXT-R1\nthief@refused.io,00Q5g00000LdA002\nlast@refused.io,EXT-R3\n',
      ),
    );
    expect(summary).toMatchObject({ created: 2, rejected: 1 });
    expect(summary.rejections).toEqual([
      {
        line: 3,
        email: 'thief@refused.io',
        reason: 'externalId: record id "00Q5g00000LdA002" already belongs to another person',
      },
    ]);
    expect(await countPeople(fx.ctx, '%@refused.io')).toBe(2);
  });

  it('rejects an owner id that names no user, and matches owner names against users', async () => {
    const summary = await run(
      fx.ctx,
      csv('email,owner_user_id,owner\nx1@owners.io,usr_nobody,\nx2@owners.io,,Dana Whitfield\n'),
    );
    expect(summary.rejections).toEqual([
      { line: 2, email: 'x1@owners.io', reason: 'ownerUserId: no user usr_nobody' },
    ]);
    expect(await personByEmail(fx.ctx, 'x2@owners.io')).toMatchObject({ owner_user_id: users.dana });
  });

  it('refuses a header without an email column, naming the columns it found', async () => {
    const error = await run(fx.ctx, csv('Name,Company\nAda,Acme\n')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain('columns found: "Name", "Company"');
    const forced = await run(fx.ctx, csv('Email Address,Company\n'), { format: 'hubspot' }).catch(
      (e: unknown) => e,
    );
    expect((forced as Error).message).toContain('HubSpot contact export');
    const empty = await run(fx.ctx, csv('\n\n')).catch((e: unknown) => e);
    expect((empty as Error).message).toContain('empty');
  });

  it('imports the rows before a CSV syntax error and says where it stopped', async () => {
    const summary = await run(
      fx.ctx,
      csv('email,name\nok1@syntax.io,One\nok2@syntax.io,"Two\nlost@syntax.io,Three\n'),
    );
    expect(summary).toMatchObject({ rows: 1, created: 1, stoppedAt: { line: 3 } });
    expect(await countPeople(fx.ctx, '%@syntax.io')).toBe(1);
  });

  it('streams a 20,000-row file in batches of 1,000', async () => {
    const file = path.join(tmp, 'bulk.csv');
    const lines = ['Email,First Name,Last Name,Company Name,Number of Employees,Lifecycle Stage,Record ID'];
    for (let i = 0; i < 20_000; i++) {
      // From row 1,099 every 100th row repeats the person of 1,050 rows before (in an earlier
      // batch); every 1,000th row has a malformed email.
      const n = i % 100 === 99 && i >= 1_050 ? i - 1_050 : i;
      const email = i % 1_000 === 500 ? `broken-${i}` : `person${n}@bulk${n % 50}.example`;
      lines.push(`${email},First${i},"Last, ${i}",Bulk ${n % 50},${n % 500},lead,HS-${n}`);
    }
    await writeFile(file, `${lines.join('\n')}\n`);
    const progress: number[] = [];
    const started = performance.now();
    const summary = await run(fx.ctx, createReadStream(file), { onProgress: (b) => progress.push(b) });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `[${fx.kind}] 20,000 rows in ${seconds.toFixed(1)} s: ${Math.round(20_000 / seconds)} rows/s`,
    );

    const repeats = 190; // rows 1,099, 1,199, ... 19,999
    expect(summary).toMatchObject({ format: 'hubspot', rows: 20_000, rejected: 20, merged: repeats });
    expect(summary.created).toBe(20_000 - 20 - repeats);
    expect(summary.rejections[0]).toEqual({
      line: 502,
      email: 'broken-500',
      reason: 'invalid email "broken-500"',
    });
    expect(await countPeople(fx.ctx, '%@bulk%.example')).toBe(summary.created);
    const batches = await fx.ctx.db
      .selectFrom('audit_log')
      .select('id')
      .where('subject_id', '=', summary.importId)
      .execute();
    expect(batches).toHaveLength(20);
    expect(progress.at(-1)).toBeGreaterThan(0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });
});
