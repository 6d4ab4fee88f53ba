import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTING } from './default-rules.js';
import {
  checkCondition,
  type LeadFacts,
  matchRules,
  personaOf,
  pickFair,
  poolTurns,
  takeTurn,
  territoryOf,
  unavailability,
} from './model.js';

function lead(overrides: Partial<LeadFacts> = {}): LeadFacts {
  return {
    personId: 'per_1',
    stage: 'mql',
    ownerUserId: null,
    country: 'United States',
    region: null,
    employees: 120,
    leadSource: 'webinar',
    account: null,
    ...overrides,
  };
}

const account = (o: Partial<NonNullable<LeadFacts['account']>> = {}) => ({
  id: 'acc_1',
  name: 'Acme',
  ownerUserId: null,
  namedAccount: false,
  customer: false,
  ...o,
});

describe('the default rules (seed 001, Routing Rules)', () => {
  const first = (l: LeadFacts) => matchRules(DEFAULT_ROUTING, l).matches[0]?.rule.name;

  it('sends a named account on the target list to its account owner, regardless of score', () => {
    const named = lead({
      stage: 'lead',
      employees: 10,
      account: account({ namedAccount: true, ownerUserId: 'usr_o' }),
    });
    expect(first(named)).toBe('Named account on target list');
    expect(
      matchRules(DEFAULT_ROUTING, named, { regardlessOfScoreOnly: true }).matches.map((m) => m.rule.name),
    ).toEqual(['Named account on target list']);
    expect(DEFAULT_ROUTING.rules[0]).toMatchObject({
      assign: { to: 'account_owner' },
      regardlessOfScore: true,
    });
  });

  it('sends a partner referral to the partner sales team', () => {
    expect(first(lead({ leadSource: 'Partner Referral', employees: 5000 }))).toBe('Partner referral');
    expect(DEFAULT_ROUTING.rules[1]!.assign).toEqual({ to: 'pool', pool: { teamFunctions: ['partner'] } });
  });

  it('sends an existing customer (upsell signal) to the account manager / CSM', () => {
    expect(first(lead({ account: account({ customer: true }) }))).toBe('Existing customer (upsell signal)');
    expect(DEFAULT_ROUTING.rules[2]!.assign).toEqual({ to: 'pool', pool: { teamFunctions: ['cs'] } });
  });

  it('sends 500+ employees to enterprise AEs by territory', () => {
    expect(first(lead({ employees: 500 }))).toBe('Enterprise (500+ employees)');
    expect(DEFAULT_ROUTING.rules[3]!.assign).toEqual({
      to: 'pool',
      pool: { roles: ['ae'], segments: ['enterprise'], byTerritory: true },
    });
  });

  it('sends 50-499 employees to mid-market AEs by round-robin', () => {
    expect(first(lead({ employees: 50 }))).toBe('Mid-market (50-499 employees)');
    expect(first(lead({ employees: 499 }))).toBe('Mid-market (50-499 employees)');
    expect(DEFAULT_ROUTING.rules[4]!.assign).toEqual({
      to: 'pool',
      pool: { roles: ['ae'], segments: ['mid_market'] },
    });
  });

  it('sends fewer than 50 employees to the SDR team for qualification, then an AE', () => {
    expect(first(lead({ employees: 49 }))).toBe('SMB (< 50 employees)');
    expect(DEFAULT_ROUTING.rules[5]!.qualifyFirst).toBe('always');
  });

  it('places nothing when the size is unknown and no other row applies, and says why for each rule', () => {
    const { matches, checks } = matchRules(DEFAULT_ROUTING, lead({ employees: null }));
    expect(matches).toEqual([]);
    expect(checks.map((c) => c.why)).toContain('employees unknown (rule wants 500+ employees)');
    expect(checks[0]!.why).toBe('no account');
  });
});

describe('checkCondition', () => {
  it('needs every criterion and names the first that fails', () => {
    const when = { employeesMin: 100, countries: ['DE'] };
    expect(checkCondition(when, lead({ employees: 200, country: 'de' }), DEFAULT_ROUTING)).toEqual({
      matched: true,
      why: '200 employees is within 100+ employees; country de is listed',
    });
    expect(checkCondition(when, lead({ employees: 200, country: 'FR' }), DEFAULT_ROUTING).why).toBe(
      'country FR is not listed',
    );
  });
});

describe('territoryOf', () => {
  it('reads the country (names or codes, any case), then the account region', () => {
    expect(territoryOf({ country: 'germany', region: null }, DEFAULT_ROUTING)).toBe('EMEA');
    expect(territoryOf({ country: 'US', region: null }, DEFAULT_ROUTING)).toBe('North America');
    expect(territoryOf({ country: null, region: 'APAC' }, DEFAULT_ROUTING)).toBe('APAC');
    expect(territoryOf({ country: 'Atlantis', region: null }, DEFAULT_ROUTING)).toBeNull();
  });
});

describe('unavailability', () => {
  const user = {
    id: 'u',
    name: 'U',
    email: 'u@servio.test',
    role: 'ae',
    teamName: null,
    teamFunction: null,
    segment: null,
    territory: null,
    timeZone: 'UTC',
    active: true,
    outOfOfficeUntil: null,
    capacityPerDay: 3,
    routingWeight: 1,
  };
  const now = new Date('2026-01-05T09:00:00Z');
  it('takes out the inactive, the out of office, weight 0 and those at their daily cap', () => {
    expect(unavailability(user, now, 2)).toBeNull();
    expect(unavailability({ ...user, active: false }, now, 0)).toBe('deactivated');
    expect(unavailability({ ...user, outOfOfficeUntil: new Date('2026-01-06T00:00:00Z') }, now, 0)).toMatch(
      /out of office/,
    );
    expect(
      unavailability({ ...user, outOfOfficeUntil: new Date('2026-01-04T00:00:00Z') }, now, 0),
    ).toBeNull();
    expect(unavailability({ ...user, routingWeight: 0 }, now, 0)).toMatch(/weight 0/);
    expect(unavailability(user, now, 3)).toBe('at capacity (3 of 3 today)');
  });
});

/** Runs `picks` placements over users with these weights, as the service does under the pool lock. */
function rotate(
  weights: number[],
  picks: number,
  away: (pick: number, user: number) => boolean = () => false,
) {
  const counts = weights.map(() => 0);
  const given = weights.map(() => 0);
  let lifts = 0;
  for (let p = 0; p < picks; p++) {
    const present = weights.map((w, i) => ({ i, w })).filter(({ i }) => !away(p, i));
    if (present.length === 0) continue;
    const { userId, lifted } = pickFair(
      present.map(({ i, w }) => ({ userId: `u${i}`, weight: w, assigned: counts[i]! })),
    );
    for (const [id, value] of lifted) counts[Number(id.slice(1))] = value;
    lifts += lifted.size;
    counts[Number(userId.slice(1))]! += 1;
    given[Number(userId.slice(1))]! += 1;
  }
  return { counts, given, lifts };
}

describe('pickFair (weighted round-robin)', () => {
  it('keeps equal-weight reps within one lead of each other after any number of leads', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 500 }), (users, picks) => {
        const { counts, lifts } = rotate(Array(users).fill(1), picks);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
        expect(lifts).toBe(0);
      }),
    );
  });

  it('gives weighted reps their share within one lead', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 400 }),
        (weights, picks) => {
          const { counts } = rotate(weights, picks);
          const total = weights.reduce((a, b) => a + b, 0);
          counts.forEach((c, i) => {
            expect(Math.abs(c - (picks * weights[i]!) / total)).toBeLessThanOrEqual(weights[i]! + 1);
          });
        },
      ),
    );
  });

  it('does not hand a returning rep a catch-up burst', () => {
    // u2 is away for the first 90 leads, then all three are present for 30 more.
    const { given } = rotate([1, 1, 1], 120, (p, u) => u === 2 && p < 90);
    // After the return the three share the last 30 evenly: u2 gets about a third, not all 30.
    expect(given[2]).toBeGreaterThanOrEqual(9);
    expect(given[2]).toBeLessThanOrEqual(11);
    expect(given[0]! + given[1]!).toBe(120 - given[2]!);
  });
});

describe('takeTurn (the turns of a batch, in memory)', () => {
  /**
   * The one-by-one path as the store ran it: each lead reads the counters of its available
   * users (rows that exist), picks fairly, and upserts the lifted counters and the pick's +1.
   */
  function oneByOne(stored: Map<string, number>, turns: { id: string; routingWeight: number }[][]) {
    const rows = new Map(stored);
    const picks = turns.map((available) => {
      const read = new Map(
        available.flatMap((u) => (rows.has(u.id) ? [[u.id, rows.get(u.id)!] as const] : [])),
      );
      const { userId, lifted } = pickFair(
        available.map((u) => ({ userId: u.id, weight: u.routingWeight, assigned: read.get(u.id) ?? 0 })),
      );
      const save = new Map(lifted);
      save.set(userId, (lifted.get(userId) ?? read.get(userId) ?? 0) + 1);
      for (const [id, n] of save) rows.set(id, n);
      return userId;
    });
    return { picks, rows };
  }

  const users = ['u0', 'u1', 'u2', 'u3', 'u4', 'u5'];
  const arbitraryPool = fc.record({
    weights: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: users.length, maxLength: users.length }),
    // Counters as stored: some users without a row, some far behind (back from leave).
    stored: fc.array(fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }), {
      minLength: users.length,
      maxLength: users.length,
    }),
    // Each lead of the batch: who is available for it (capacity and leave change between leads).
    leads: fc.array(fc.array(fc.boolean(), { minLength: users.length, maxLength: users.length }), {
      minLength: 1,
      maxLength: 60,
    }),
  });

  it('picks what routing the leads one by one through the store picks, and leaves the same counters', () => {
    fc.assert(
      fc.property(arbitraryPool, ({ weights, stored, leads }) => {
        const initial = new Map(
          users.flatMap((id, i) => (stored[i] === undefined ? [] : [[id, stored[i]!] as const])),
        );
        const available = leads
          .map((mask) => users.flatMap((id, i) => (mask[i] ? [{ id, routingWeight: weights[i]! }] : [])))
          .filter((a) => a.length > 0);
        const expected = oneByOne(initial, available);
        const turns = poolTurns(initial);
        expect(available.map((a) => takeTurn(turns, a))).toEqual(expected.picks);
        // Saving `changed` over the stored rows gives the rows the one-by-one path left.
        expect(new Map([...initial, ...turns.changed])).toEqual(expected.rows);
        expect([...turns.picked].sort()).toEqual([...new Set(expected.picks)].sort());
      }),
    );
  });

  it('keeps equal-weight reps within one lead of each other across a batch', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 300 }), (n, leads) => {
        const reps = users.slice(0, Math.min(n, users.length)).map((id) => ({ id, routingWeight: 1 }));
        const turns = poolTurns(new Map());
        for (let i = 0; i < leads; i++) takeTurn(turns, reps);
        const counts = reps.map((r) => turns.assigned.get(r.id) ?? 0);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
        expect(counts.reduce((a, b) => a + b, 0)).toBe(leads);
      }),
    );
  });
});

describe('personaOf', () => {
  it('reads the seed ICP titles', () => {
    expect(personaOf('VP Marketing')).toBe('Vice President');
    expect(personaOf('Chief Revenue Officer')).toBe('Executive (C-suite)');
    expect(personaOf('Director of Demand Gen')).toBe('Director');
    expect(personaOf('Marketing Manager')).toBe('Manager');
    expect(personaOf('Analyst')).toBe('Practitioner');
    expect(personaOf(null)).toBeNull();
  });
});
