import { ownerScope, type Principal } from '../access/index.js';
import type { Ctx } from '../app.js';
import {
  ForbiddenError,
  NotFoundError,
  normalizeEmail,
  type Page,
  type PageRequest,
  ValidationError,
} from '../core/index.js';
import {
  moveByPrincipal,
  personHistory,
  type StageChange,
  stageSpans,
  type StageSpan,
} from '../lifecycle/index.js';
import { recordAudit } from '../store/index.js';
import { resolvePeople } from './identity.js';
import type { Person, PersonInput } from './model.js';
import {
  findPerson,
  getPerson,
  listPeopleByEmail,
  listPeople,
  listTimeline,
  type PeopleFilters,
  type TimelineEntry,
  updatePersonFields,
  erasePersonalData,
} from './store.js';

export interface UpsertResult {
  person: Person;
  created: boolean;
}

/** Creates the person, or updates the one with this email (case and white space ignored). */
export async function upsertPerson(
  ctx: Ctx,
  input: PersonInput,
  principal: Principal,
): Promise<UpsertResult> {
  const at = ctx.clock.now();
  const scope = ownerScope(principal);
  return ctx.db.transaction().execute(async (trx) => {
    if (scope !== undefined) {
      // A rep works their own book: new people are theirs, other reps' people are out of reach.
      if (input.ownerUserId && input.ownerUserId !== scope) {
        throw new ForbiddenError('A sales rep cannot give people to someone else');
      }
      const email = normalizeEmail(input.email ?? '');
      const existing = (await listPeopleByEmail(trx, [email])).get(email);
      if (existing && existing.ownerUserId !== scope)
        throw new ForbiddenError('This person is owned by someone else');
      input = { ...input, ownerUserId: scope };
    }
    const [result] = await resolvePeople(trx, ctx.ids, at, [{ input }], moveByPrincipal(principal));
    if (!result?.ok)
      throw new ValidationError('The person is invalid', result?.ok === false ? result.issues : []);
    await recordAudit(trx, {
      at,
      actorType: principal.kind,
      actorId: principal.id,
      action: result.created ? 'person.created' : 'person.updated',
      subjectType: 'person',
      subjectId: result.personId,
    });
    return { person: await getPerson(trx, result.personId), created: result.created };
  });
}

function assertVisible(person: Person | undefined, id: string, principal: Principal): Person {
  const scope = ownerScope(principal);
  if (!person || (scope !== undefined && person.ownerUserId !== scope)) throw new NotFoundError('Person', id);
  return person;
}

export type PersonPatch = Omit<PersonInput, 'email' | 'stage' | 'website'> & { email?: string | undefined };

export async function updatePerson(
  ctx: Ctx,
  id: string,
  patch: PersonPatch,
  principal: Principal,
): Promise<Person> {
  const at = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    assertVisible(await findPerson(trx, id), id, principal);
    const issues = [];
    if (patch.email !== undefined) patch.email = normalizeEmail(patch.email);
    if (patch.accountId) {
      const found = await trx
        .selectFrom('accounts')
        .select('id')
        .where('id', '=', patch.accountId)
        .executeTakeFirst();
      if (!found) issues.push({ path: '/accountId', message: `no account ${patch.accountId}` });
    }
    if (patch.ownerUserId) {
      const found = await trx
        .selectFrom('users')
        .select('id')
        .where('id', '=', patch.ownerUserId)
        .executeTakeFirst();
      if (!found) issues.push({ path: '/ownerUserId', message: `no user ${patch.ownerUserId}` });
    }
    if (issues.length > 0) throw new ValidationError('The change is invalid', issues);
    const { attributes, email, ...fields } = patch;
    if (email !== undefined) await trx.updateTable('people').set({ email }).where('id', '=', id).execute();
    const person = await updatePersonFields(trx, id, fields, at, attributes);
    await recordAudit(trx, {
      at,
      actorType: principal.kind,
      actorId: principal.id,
      action: 'person.updated',
      subjectType: 'person',
      subjectId: id,
      details: { fields: Object.keys(patch) },
    });
    return person;
  });
}

export interface PersonDetail {
  person: Person;
  history: StageChange[];
  timeInStage: StageSpan[];
  timeline: TimelineEntry[];
}

/** `GET /v1/people/:id`: stage, owner, stage history with time in each stage, and the timeline. */
export async function personDetail(ctx: Ctx, id: string, principal: Principal): Promise<PersonDetail> {
  const person = assertVisible(await findPerson(ctx.db, id), id, principal);
  const history = await personHistory(ctx, id, principal);
  return {
    person,
    history,
    timeInStage: stageSpans(history, ctx.clock.now()),
    timeline: await listTimeline(ctx.db, id, 200),
  };
}

export function findPeople(
  ctx: Ctx,
  filters: PeopleFilters,
  page: Partial<PageRequest>,
  principal: Principal,
): Promise<Page<Person>> {
  const scope = ownerScope(principal);
  return listPeople(
    ctx.db,
    {
      ...filters,
      email: filters.email ? normalizeEmail(filters.email) : undefined,
      ...(scope !== undefined ? { ownerUserId: scope } : {}),
    },
    page,
  );
}

/**
 * `DELETE /v1/people/:id`: erases the person's personal data (right to erasure) and keeps
 * the anonymous facts — stage history, touchpoints, deals — so reports keep their totals.
 */
export async function erasePerson(ctx: Ctx, id: string, principal: Principal): Promise<void> {
  const at = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    assertVisible(await findPerson(trx, id), id, principal);
    if (!(await erasePersonalData(trx, id, at))) throw new NotFoundError('Person', id);
    await recordAudit(trx, {
      at,
      actorType: principal.kind,
      actorId: principal.id,
      action: 'person.erased',
      subjectType: 'person',
      subjectId: id,
    });
  });
}

/** 404 unless the person exists and the caller may see them (a rep sees their own). */
export async function visiblePerson(ctx: Ctx, id: string, principal: Principal): Promise<Person> {
  return assertVisible(await findPerson(ctx.db, id), id, principal);
}
