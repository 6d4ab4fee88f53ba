/**
 * The benchmark's event stream: deterministic (seeded), time-ordered over 90 days, generated
 * lazily one batch at a time so that a million events never sit in memory.
 *
 * The mix, as a website plus a marketing automation platform would send it:
 *   ~80% anonymous page views (page_view, pricing_page_view) by a visitor id from a pool
 *        of 200,000, skewed so that some visitors come back often;
 *   ~20% events of known people by email, from a pool of 50,000 people over 5,000 company
 *        domains (every tenth person on gmail.com): email_open, email_click, and the
 *        identifying types (form_submit, content_download, webinar_attended, demo_request),
 *        which also carry the person's visitor id and form fields, so anonymous history
 *        gets attached to the person as on a real site.
 */

export interface BenchEvent {
  eventId: string;
  type: string;
  occurredAt: string;
  visitorId?: string;
  email?: string;
  url?: string;
  channel?: string;
  properties?: Record<string, unknown>;
  person?: { firstName: string; lastName: string; company?: string; title: string };
}

export interface EventStreamOptions {
  total: number;
  batchSize: number;
  seed: number;
  /** The last event's time; the first is 90 days earlier. */
  end: Date;
}

export const VISITORS = 200_000;
export const PEOPLE = 50_000;
export const DOMAINS = 5_000;
const SPAN_MS = 90 * 24 * 3_600_000;

const PAGES = [
  '/',
  '/product',
  '/product/routing',
  '/product/scoring',
  '/customers',
  '/blog/sla-playbook',
  '/blog/mql-vs-sql',
  '/integrations',
  '/about',
  '/careers',
];
const CHANNELS = ['organic_search', 'paid_search', 'social', 'direct', 'referral', 'display'];
const FIRST = ['Ada', 'Grace', 'Alan', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Edsger', 'Frances', 'Donald'];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Torvalds',
  'Hamilton',
  'Thompson',
  'Liskov',
  'Dijkstra',
  'Allen',
  'Knuth',
];
const TITLES = ['VP Marketing', 'Head of Sales', 'RevOps Manager', 'CMO', 'SDR Lead', 'Marketing Ops'];
const CAMPAIGNS = ['nurture-q1', 'webinar-invite', 'pricing-update', 'newsletter'];
/** Cumulative weights of the known-person event types. */
const PERSON_TYPES: [string, number][] = [
  ['email_open', 0.35],
  ['email_click', 0.55],
  ['form_submit', 0.7],
  ['content_download', 0.82],
  ['webinar_attended', 0.92],
  ['demo_request', 1],
];

/** mulberry32: small, fast and good enough to shape a workload. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function domainOf(person: number): string {
  return person % 10 === 0 ? 'gmail.com' : `company-${person % DOMAINS}.com`;
}

/** Each person browsed anonymously first, as one of the pool's visitors (distinct per person). */
function visitorOfPerson(person: number): string {
  return `v-${(person * 4) % VISITORS}`;
}

/** Yields batches of `batchSize` events (the last one may be shorter), the same for the same options. */
export function* eventBatches(options: EventStreamOptions): Generator<BenchEvent[]> {
  const random = seededRandom(options.seed);
  const start = options.end.getTime() - SPAN_MS;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  // Squaring skews the draw towards the head of the pool: returning visitors, engaged people.
  const skewed = (size: number) => Math.floor(size * random() ** 2);

  for (let first = 0; first < options.total; first += options.batchSize) {
    const size = Math.min(options.batchSize, options.total - first);
    const batch: BenchEvent[] = new Array(size);
    for (let j = 0; j < size; j++) {
      const i = first + j;
      const occurredAt = new Date(start + Math.floor((i / options.total) * SPAN_MS)).toISOString();
      const eventId = `bench-${options.seed}-${i}`;
      if (random() < 0.8) {
        const pricing = random() < 0.15;
        batch[j] = {
          eventId,
          type: pricing ? 'pricing_page_view' : 'page_view',
          occurredAt,
          visitorId: `v-${skewed(VISITORS)}`,
          url: `https://servio.example${pricing ? '/pricing' : pick(PAGES)}`,
          channel: pick(CHANNELS),
          properties: { referrer: random() < 0.5 ? 'https://www.google.com/' : null },
        };
        continue;
      }
      const person = skewed(PEOPLE);
      const r = random();
      const type = PERSON_TYPES.find(([, upTo]) => r < upTo)![0];
      const email = `${FIRST[person % 10]!.toLowerCase()}.${LAST[(person >> 3) % 10]!.toLowerCase()}.${person}@${domainOf(person)}`;
      if (type === 'email_open' || type === 'email_click') {
        batch[j] = {
          eventId,
          type,
          occurredAt,
          email,
          channel: 'email',
          properties: { campaign: pick(CAMPAIGNS) },
        };
        continue;
      }
      const domain = domainOf(person);
      batch[j] = {
        eventId,
        type,
        occurredAt,
        email,
        visitorId: visitorOfPerson(person),
        url: `https://servio.example/${type.replace(/_/g, '-')}`,
        channel: pick(CHANNELS),
        properties: { form: type },
        // The same fields for the same person every time, as a form remembers them.
        person: {
          firstName: FIRST[person % 10]!,
          lastName: LAST[(person >> 3) % 10]!,
          title: TITLES[person % TITLES.length]!,
          ...(domain === 'gmail.com' ? {} : { company: `Company ${person % DOMAINS}` }),
        },
      };
    }
    yield batch;
  }
}

/**
 * The touchpoint columns the baseline writes, in order: the twelve that ingestion writes
 * (`insertTouchpoints`), with the identity columns left null (the baseline resolves no one).
 */
export const TOUCHPOINT_COLUMNS = [
  'event_id',
  'type',
  'occurred_at',
  'received_at',
  'person_id',
  'visitor_id',
  'account_id',
  'campaign_id',
  'channel',
  'url',
  'content_id',
  'properties',
] as const;

/** One batch as flat statement parameters, `TOUCHPOINT_COLUMNS` per event. */
export function touchpointParameters(batch: readonly BenchEvent[], receivedAt: string): unknown[] {
  const values: unknown[] = [];
  for (const e of batch) {
    values.push(
      e.eventId,
      e.type,
      e.occurredAt,
      receivedAt,
      null,
      e.visitorId ?? null,
      null,
      null,
      e.channel ?? null,
      e.url ?? null,
      null,
      JSON.stringify(e.properties ?? {}),
    );
  }
  return values;
}

/** `insert into touchpoints (...) values ($1, ...), ...` for `rows` rows. */
export function multiRowInsert(rows: number): string {
  const width = TOUCHPOINT_COLUMNS.length;
  const tuples: string[] = new Array(rows);
  for (let r = 0; r < rows; r++) {
    const params: string[] = new Array(width);
    for (let c = 0; c < width; c++) params[c] = `$${r * width + c + 1}`;
    tuples[r] = `(${params.join(', ')})`;
  }
  return `insert into touchpoints (${TOUCHPOINT_COLUMNS.join(', ')}) values ${tuples.join(', ')}`;
}
