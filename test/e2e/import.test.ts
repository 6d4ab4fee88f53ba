import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { useApi } from '../support/api.js';
import { forEachStore } from '../support/stores.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/import/', import.meta.url));

forEachStore('people import API', (fx) => {
  const api = useApi(fx);
  const post = (query: string, body: string, key?: string | null) =>
    api.call('POST', `/v1/imports/people${query}`, {
      rawBody: body,
      headers: { 'content-type': 'text/csv' },
      key,
    });

  it('imports a HubSpot export posted as text/csv and answers with the summary', async () => {
    const body = await readFile(path.join(FIXTURES, 'hubspot-contacts.csv'), 'utf8');
    const res = await post('?format=auto', body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      format: 'hubspot',
      formatDetected: true,
      rows: 11,
      created: 6,
      merged: 1,
      rejected: 4,
    });
    expect(res.body.rejections.map((r: { line: number }) => r.line)).toEqual([4, 9, 10, 12]);
    const listed = await api.call('GET', '/v1/people?email=vint@tcp-ip.com');
    expect(listed.body.items[0]).toMatchObject({
      company: 'TCP/IP Partners,\r\nLLC',
      stage: 'customer',
      externalId: '51004',
    });
  });

  it('writes nothing with dryRun=true', async () => {
    const res = await post('?format=generic&dryRun=true', 'email,first_name\nonly-dry@run-api.io,Dry\n');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: true, created: 1 });
    const listed = await api.call('GET', '/v1/people?email=only-dry@run-api.io');
    expect(listed.body.items).toEqual([]);
  });

  it('refuses an unknown format, a header without emails, and a caller without a key', async () => {
    const format = await post('?format=pipedrive', 'email\na@b.io\n');
    expect(format.status).toBe(400);
    expect(format.body.errors[0].path).toBe('/querystring/format');
    const header = await post('', 'Name,Company\nAda,Acme\n');
    expect(header.status).toBe(422);
    expect(header.body.detail).toContain('"Name", "Company"');
    expect((await post('', 'email\na@b.io\n', null)).status).toBe(401);
  });
});

describe('servio import people', () => {
  let dir = '';
  let stdout: string[] = [];
  let stderr: string[] = [];
  const env = () => ({ SERVIO_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent' });
  const servio = (...args: string[]) => main(['node', 'servio', ...args], env());

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'servio-cli-import-'));
    // The CLI writes to the process's streams; the test reads them back.
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout.push(String(chunk));
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    stdout = [];
    stderr = [];
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  it('imports a Salesforce report, prints the summary as JSON and exits 0 despite rejected rows', async () => {
    const code = await servio(
      'import',
      'people',
      '--file',
      path.join(FIXTURES, 'salesforce-leads.csv'),
      '--format',
      'auto',
      '--json',
    );
    expect(stderr.join('')).toBe('');
    expect(code).toBe(0);
    const summary = JSON.parse(stdout.join(''));
    expect(summary).toMatchObject({
      format: 'salesforce',
      formatDetected: true,
      rows: 10,
      created: 5,
      merged: 1,
      rejected: 4,
    });
    expect(summary.rejections.map((r: { line: number }) => r.line)).toEqual([6, 7, 8, 12]);
    // No users in this database: both owners stay as attributes.
    expect(summary.unmatchedOwners).toEqual(['Dana Whitfield', 'Pat Nobody']);
  });

  it('says in words which format it chose and what it would change on a dry run', async () => {
    const code = await servio(
      'import',
      'people',
      '--file',
      path.join(FIXTURES, 'salesforce-leads.csv'),
      '--dry-run',
    );
    expect(code).toBe(0);
    const text = stdout.join('');
    expect(text).toContain(
      'Dry run (nothing written): 10 rows as Salesforce lead export (detected from the header)',
    );
    expect(text).toContain('would create 0, would update 5, merged duplicates 1, rejected 4');
  });

  it('exits 2 for a missing file, an unknown format or a header without an email column', async () => {
    expect(await servio('import', 'people', '--file', path.join(dir, 'nope.csv'))).toBe(2);
    expect(stderr.join('')).toContain('no such file');
    const file = path.join(dir, 'no-email.csv');
    await writeFile(file, 'Name,Company\nAda,Acme\n');
    expect(await servio('import', 'people', '--file', file, '--format', 'excel')).toBe(2);
    expect(stderr.join('')).toContain('--format must be one of auto, salesforce, hubspot, generic');
    stderr = [];
    expect(await servio('import', 'people', '--file', file, '--json')).toBe(2);
    expect(stderr.join('')).toContain('columns found: "Name", "Company"');
    expect(await servio('import', 'people')).toBe(2);
  });

  it('exits 2 after importing the rows before a CSV syntax error', async () => {
    const file = path.join(dir, 'broken.csv');
    await writeFile(file, 'email,first_name\nfine@broken-file.io,Fine\nbad@broken-file.io,"Unclosed\n');
    const code = await servio('import', 'people', '--file', file, '--json');
    expect(code).toBe(2);
    expect(JSON.parse(stdout.join(''))).toMatchObject({ created: 1, stoppedAt: { line: 3 } });
    expect(stderr.join('')).toContain('line 3: a quoted field opened on this line is never closed');
  });
});
