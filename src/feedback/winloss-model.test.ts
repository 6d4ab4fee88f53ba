import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  competitorInNotes,
  groupByCompetitor,
  lossReasons,
  namedInNotes,
  rankCompetitors,
  summarise,
  sumMoney,
  type CompetitorDeal,
} from './intel-model.js';
import {
  amendWinLoss,
  closeReasonOf,
  competitorName,
  fieldsFromClose,
  matchReason,
  missingFields,
  parseRange,
  winLossStatus,
} from './winloss-model.js';

const empty = { reasonCode: null, reasonText: null, competitor: null, winningFactor: null, notes: null };

describe('win/loss record', () => {
  it('reads agreed reasons by code, label or DQ-05, in any case and spacing', () => {
    expect(matchReason('lost', 'Chose  competitor ')).toBe('competitor');
    expect(matchReason('lost', 'dq-05')).toBe('competitor');
    expect(matchReason('lost', 'PRICE')).toBe('price');
    expect(matchReason('won', 'price')).toBeUndefined();
    expect(matchReason('won', 'product fit')).toBe('product_fit');
  });

  it('keeps a close reason that is no agreed one as text, so the record is missing its code', () => {
    const fields = fieldsFromClose('lost', {
      reason: 'They went quiet',
      competitor: null,
      winningFactor: null,
    });
    expect(fields).toMatchObject({ reasonCode: null, reasonText: 'They went quiet' });
    expect(missingFields('lost', fields)).toEqual(['/reasonCode']);
  });

  it('asks for the competitor when lost to one and the winning factor when won', () => {
    expect(missingFields('lost', { ...empty, reasonCode: 'competitor' })).toEqual(['/competitor']);
    expect(missingFields('lost', { ...empty, reasonCode: 'price' })).toEqual([]);
    expect(missingFields('won', { ...empty, reasonCode: 'value' })).toEqual(['/winningFactor']);
    expect(missingFields('won', { ...empty, reasonCode: 'other', winningFactor: 'x' })).toEqual([
      '/reasonText',
    ]);
  });

  it('amends field by field (null clears) and names what is still missing', () => {
    const before = { ...empty, reasonCode: 'competitor', competitor: 'Acme', notes: 'n' };
    expect(amendWinLoss('lost', before, { notes: null })).toEqual({ ...before, notes: null });
    expect(() => amendWinLoss('lost', before, { competitor: '  ' })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: '/competitor' })] }),
    );
    expect(() => amendWinLoss('won', empty, { reasonCode: 'competitor' })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: '/reasonCode' })] }),
    );
  });

  it('puts the label and the text in the CRM close reason', () => {
    expect(closeReasonOf('lost', { ...empty, reasonCode: 'price', reasonText: '20% over budget' })).toBe(
      'Price: 20% over budget',
    );
  });

  it('judges the record against its due', () => {
    const due = new Date('2026-01-07T09:00:00Z');
    const before = new Date('2026-01-06T09:00:00Z');
    const after = new Date('2026-01-08T09:00:00Z');
    expect(winLossStatus({ complete: true, completedAt: before, dueAt: due }, after)).toBe('on_time');
    expect(winLossStatus({ complete: true, completedAt: after, dueAt: due }, after)).toBe('late');
    expect(winLossStatus({ complete: false, completedAt: null, dueAt: due }, before)).toBe('pending');
    expect(winLossStatus({ complete: false, completedAt: null, dueAt: due }, after)).toBe('overdue');
  });

  it('reads a period of days (to included) or instants, and names a bad bound', () => {
    expect(parseRange('2026-01-01', '2026-01-31')).toEqual({
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2026-02-01T00:00:00Z'),
    });
    expect(() => parseRange('2026-02-01', '2026-01-01')).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: '/to' })] }),
    );
    expect(() => parseRange(undefined, 'soon')).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: '/to' })] }),
    );
  });

  it('gives one key to every spelling of a name that differs only in case and whitespace', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9]{1,8}$/);
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 3 }),
        fc.array(fc.constantFrom(' ', '  ', '\t'), { minLength: 4, maxLength: 4 }),
        (words, gaps) => {
          const plain = words.join(' ');
          const messy = `${gaps[0]}${words.map((w, i) => (i % 2 ? w.toUpperCase() : w.toLowerCase())).join(gaps[1])}${gaps[2]}`;
          expect(competitorName(messy)!.key).toBe(competitorName(plain)!.key);
          expect(competitorName(messy)!.name).not.toMatch(/^\s|\s$|\s\s/);
        },
      ),
    );
  });
});

const deal = (over: Partial<CompetitorDeal>): CompetitorDeal => ({
  opportunityId: 'opp',
  name: 'Deal',
  competitor: 'Acme',
  outcome: 'lost',
  amount: { cents: 100, currency: 'USD' },
  closedAt: new Date('2026-01-10T00:00:00Z'),
  ownerUserId: null,
  reasonCode: 'competitor',
  reasonText: null,
  winningFactor: null,
  notes: null,
  ...over,
});

describe('competitive intelligence', () => {
  it('finds the longest known name as whole words in a DQ-05 note', () => {
    const known = ['acme', 'acme cloud', 'hub'];
    expect(competitorInNotes('Went with ACME   Cloud after the demo', known)).toBe('acme cloud');
    expect(competitorInNotes('chose acme.', known)).toBe('acme');
    expect(competitorInNotes('HubSpot shop already', known)).toBeNull();
    expect(competitorInNotes(null, known)).toBeNull();
  });

  it('reads a competitor a DQ-05 note names in the usual words, capitalised', () => {
    expect(namedInNotes('Chose Chili Piper after the demo')).toEqual({
      name: 'Chili Piper',
      key: 'chili piper',
    });
    expect(namedInNotes('they went with HubSpot.')).toEqual({ name: 'HubSpot', key: 'hubspot' });
    expect(namedInNotes('competitor: Globex')).toEqual({ name: 'Globex', key: 'globex' });
    expect(namedInNotes('chose to wait a year')).toBeNull();
    expect(namedInNotes('no budget')).toBeNull();
  });

  it('counts "Acme " and "acme" as one, with win rate, lost value and DQ-05s', () => {
    const { groups, unattributedDq05 } = groupByCompetitor(
      [
        deal({ opportunityId: 'a', competitor: 'Acme ', amount: { cents: 500, currency: 'USD' } }),
        deal({ opportunityId: 'b', competitor: 'acme', amount: { cents: 300, currency: 'USD' } }),
        deal({
          opportunityId: 'c',
          competitor: 'ACME',
          outcome: 'won',
          closedAt: new Date('2026-01-20T00:00:00Z'),
        }),
        deal({ opportunityId: 'd', competitor: 'Globex', amount: { cents: 900, currency: 'EUR' } }),
      ],
      [
        {
          personId: 'p1',
          name: null,
          company: null,
          decidedAt: new Date('2026-01-25T00:00:00Z'),
          notes: 'signed with acme',
          ownerUserId: null,
        },
        {
          personId: 'p2',
          name: null,
          company: null,
          decidedAt: new Date('2026-01-02T00:00:00Z'),
          notes: 'went elsewhere',
          ownerUserId: null,
        },
      ],
      [
        {
          id: 'msg1',
          competitor: ' Globex ',
          title: 'Globex card',
          version: 3,
          reviewedOn: '2026-01-01',
          updatedAt: new Date(),
        },
      ],
    );
    expect(unattributedDq05.map((l) => l.personId)).toEqual(['p2']);
    const acme = summarise('acme', groups.get('acme')!);
    expect(acme).toMatchObject({
      name: 'ACME',
      lost: 2,
      lostValue: [{ cents: 800, currency: 'USD' }],
      won: 1,
      dq05: 1,
      battlecard: null,
    });
    expect(acme.winRate).toBeCloseTo(1 / 3);
    expect(acme.lastSeen).toEqual(new Date('2026-01-25T00:00:00Z'));
    const globex = summarise('globex', groups.get('globex')!);
    expect(globex.battlecard).toMatchObject({ id: 'msg1', version: 3 });
    expect(rankCompetitors([globex, acme]).map((s) => s.key)).toEqual(['globex', 'acme']);
  });

  it('sums money per currency and never across currencies', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            cents: fc.integer({ min: 0, max: 1e9 }),
            currency: fc.constantFrom('USD', 'EUR', 'GBP'),
          }),
        ),
        (amounts) => {
          const sums = sumMoney(amounts);
          expect(new Set(sums.map((s) => s.currency)).size).toBe(sums.length);
          for (const s of sums)
            expect(s.cents).toBe(
              amounts.filter((a) => a.currency === s.currency).reduce((t, a) => t + a.cents, 0),
            );
        },
      ),
    );
  });

  it('ranks loss reasons, using the text beside "chose competitor"', () => {
    expect(
      lossReasons([
        deal({ reasonCode: 'price' }),
        deal({ reasonCode: 'price' }),
        deal({ reasonCode: 'competitor', reasonText: 'bundled CRM' }),
        deal({ outcome: 'won', reasonCode: 'value' }),
      ]),
    ).toEqual([
      { reason: 'Price', count: 2 },
      { reason: 'bundled CRM', count: 1 },
    ]);
  });
});
