import { sql } from 'kysely';
import { NotFoundError, type Page, type PageRequest } from '../core/index.js';
import { type Db, paginate } from '../store/index.js';
import type { BuyingProcessStage, BuyingRole, Persona, PersonaFields } from './personas-model.js';

type PersonaRow = {
  id: string;
  key: string;
  name: string;
  role: string | null;
  titles: unknown[];
  segment: string | null;
  pains: unknown[];
  goals: unknown[];
  objections: unknown[];
  buying_role: string | null;
  channels: unknown[];
  created_at: Date;
  updated_at: Date;
};

function toPersona(row: PersonaRow): Persona {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    role: row.role,
    titles: row.titles as string[],
    segment: row.segment,
    pains: row.pains as string[],
    goals: row.goals as string[],
    objections: row.objections as string[],
    buyingRole: row.buying_role as BuyingRole | null,
    channels: row.channels as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function columns(f: Partial<PersonaFields>) {
  return {
    ...(f.key !== undefined && { key: f.key }),
    ...(f.name !== undefined && { name: f.name }),
    ...(f.role !== undefined && { role: f.role }),
    ...(f.segment !== undefined && { segment: f.segment }),
    ...(f.buyingRole !== undefined && { buying_role: f.buyingRole }),
    ...(f.titles !== undefined && { titles: JSON.stringify(f.titles) }),
    ...(f.pains !== undefined && { pains: JSON.stringify(f.pains) }),
    ...(f.goals !== undefined && { goals: JSON.stringify(f.goals) }),
    ...(f.objections !== undefined && { objections: JSON.stringify(f.objections) }),
    ...(f.channels !== undefined && { channels: JSON.stringify(f.channels) }),
  };
}

export async function insertPersona(db: Db, p: PersonaFields & { id: string; now: Date }): Promise<Persona> {
  const row = await db
    .insertInto('personas')
    .values({
      id: p.id,
      key: p.key,
      name: p.name,
      role: p.role,
      segment: p.segment,
      buying_role: p.buyingRole,
      titles: JSON.stringify(p.titles),
      pains: JSON.stringify(p.pains),
      goals: JSON.stringify(p.goals),
      objections: JSON.stringify(p.objections),
      channels: JSON.stringify(p.channels),
      created_at: p.now,
      updated_at: p.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPersona(row);
}

export async function findPersona(db: Db, id: string): Promise<Persona | undefined> {
  const row = await db.selectFrom('personas').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toPersona(row);
}

export async function getPersona(db: Db, id: string): Promise<Persona> {
  const persona = await findPersona(db, id);
  if (!persona) throw new NotFoundError('Persona', id);
  return persona;
}

export async function findPersonaByKey(db: Db, key: string): Promise<Persona | undefined> {
  const row = await db
    .selectFrom('personas')
    .selectAll()
    .where(sql<string>`lower(key)`, '=', key.toLowerCase())
    .executeTakeFirst();
  return row && toPersona(row);
}

export async function lockPersona(db: Db, id: string): Promise<Persona | undefined> {
  const row = await db.selectFrom('personas').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  return row && toPersona(row);
}

export async function updatePersona(
  db: Db,
  id: string,
  f: Partial<PersonaFields>,
  now: Date,
): Promise<Persona> {
  const row = await db
    .updateTable('personas')
    .set({ ...columns(f), updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Persona', id);
  return toPersona(row);
}

export async function deletePersona(db: Db, id: string): Promise<void> {
  await db.deleteFrom('personas').where('id', '=', id).execute();
}

/** Sales plays aimed at the persona: a persona in use stays. */
export async function countPlaysForPersona(db: Db, id: string): Promise<number> {
  const row = await db
    .selectFrom('sales_plays')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('persona_id', '=', id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listPersonas(
  db: Db,
  filter: { segment?: string | undefined },
  page: Partial<PageRequest>,
): Promise<Page<Persona>> {
  let query = db.selectFrom('personas').selectAll();
  if (filter.segment !== undefined) query = query.where('segment', '=', filter.segment);
  const result = await paginate(query, 'personas', page);
  return { items: result.items.map(toPersona), nextCursor: result.nextCursor };
}

// ---- the buying-process map: one document, id 'default'

const MAP_ID = 'default';

export async function findBuyingProcess(
  db: Db,
): Promise<{ stages: BuyingProcessStage[]; updatedBy: string; updatedAt: Date } | undefined> {
  const row = await db
    .selectFrom('buying_process_maps')
    .selectAll()
    .where('id', '=', MAP_ID)
    .executeTakeFirst();
  return (
    row && {
      stages: row.stages as BuyingProcessStage[],
      updatedBy: row.updated_by,
      updatedAt: row.updated_at,
    }
  );
}

export async function saveBuyingProcess(
  db: Db,
  map: { stages: BuyingProcessStage[]; updatedBy: string; now: Date },
): Promise<void> {
  const values = { stages: JSON.stringify(map.stages), updated_by: map.updatedBy, updated_at: map.now };
  await db
    .insertInto('buying_process_maps')
    .values({ id: MAP_ID, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
}
