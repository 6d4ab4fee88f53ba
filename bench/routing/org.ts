import { createServer, type Server } from 'node:http';

/**
 * The sales organisation the default routing rules (seed 001) can place the benchmark's leads
 * in, created through the API as an operator would: with TQL on (the default agreement), a
 * mid-market MQL goes first to an SDR of its territory (telequalification by territory), so
 * both SDR territories need people; the AE pools are there so that the rules' later steps and
 * a pass would find someone too.
 */
export interface OrgSummary {
  teams: number;
  users: number;
  /** The sink's URL, subscribed to `lead.*`. */
  webhook: string;
}

const TEAMS = [
  { key: 'sdr-na', name: 'SDR North America', function: 'sdr' },
  { key: 'sdr-emea', name: 'SDR EMEA', function: 'sdr' },
  { key: 'ae-mm', name: 'Mid-market AE', function: 'ae' },
  { key: 'ae-ent', name: 'Enterprise AE', function: 'ae' },
] as const;

type TeamKey = (typeof TEAMS)[number]['key'];

const USERS: {
  team: TeamKey;
  role: 'sdr' | 'ae';
  count: number;
  territory: string | null;
  segment: string | null;
  timeZone: string;
}[] = [
  {
    team: 'sdr-na',
    role: 'sdr',
    count: 4,
    territory: 'North America',
    segment: null,
    timeZone: 'America/New_York',
  },
  { team: 'sdr-emea', role: 'sdr', count: 3, territory: 'EMEA', segment: null, timeZone: 'Europe/Berlin' },
  {
    team: 'ae-mm',
    role: 'ae',
    count: 4,
    territory: null,
    segment: 'mid_market',
    timeZone: 'America/Chicago',
  },
  {
    team: 'ae-ent',
    role: 'ae',
    count: 2,
    territory: 'North America',
    segment: 'enterprise',
    timeZone: 'America/New_York',
  },
  {
    team: 'ae-ent',
    role: 'ae',
    count: 2,
    territory: 'EMEA',
    segment: 'enterprise',
    timeZone: 'Europe/London',
  },
];

async function post(url: string, key: string, path: string, body: unknown): Promise<{ id: string }> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 201 && response.status !== 200)
    throw new Error(`POST ${path}: ${response.status} ${text.slice(0, 500)}`);
  const parsed = JSON.parse(text) as { id?: string; webhook?: { id: string } };
  return { id: parsed.id ?? parsed.webhook?.id ?? '' };
}

export async function setUpOrg(url: string, key: string, webhook: string): Promise<OrgSummary> {
  const teamIds = new Map<TeamKey, string>();
  for (const team of TEAMS)
    teamIds.set(
      team.key,
      (await post(url, key, '/v1/teams', { name: team.name, function: team.function })).id,
    );
  let users = 0;
  for (const group of USERS) {
    for (let i = 1; i <= group.count; i++) {
      users++;
      const name = `${group.team} ${group.territory ?? ''} ${i}`.replace(/ +/g, ' ');
      await post(url, key, '/v1/users', {
        email: `user-${users}@servio-bench.example`,
        name,
        role: group.role,
        timeZone: group.timeZone,
        teamId: teamIds.get(group.team),
        territory: group.territory,
        segment: group.segment,
      });
    }
  }
  // A subscriber to every lead notification, so that the outbox write also writes a delivery
  // (as it does once any CRM or Slack is connected) and the delivery job has work.
  await post(url, key, '/v1/webhooks', { url: webhook, events: ['lead.*'] });
  return { teams: TEAMS.length, users, webhook };
}

/** A local receiver for the webhooks: answers 204 to everything and counts what it got. */
export async function startWebhookSink(): Promise<{
  url: string;
  received: () => number;
  close(): Promise<void>;
}> {
  let received = 0;
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received++;
      response.statusCode = 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/servio`,
    received: () => received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
