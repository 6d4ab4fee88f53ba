import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { CLI_PRINCIPAL } from '../../src/access/index.js';
import type { Ctx } from '../../src/app.js';
import { type CreateWebhookInput, createWebhook } from '../../src/notify/index.js';
import type { AddressInfo } from 'node:net';

/** What a receiver got: one entry per request, body as the raw bytes' text. */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

/** How the receiver answers: a status code (a 3xx to its own URL), or `hang` to never answer (a timeout). */
export type Answer = number | 'hang';

/**
 * A local HTTP endpoint for webhook tests (node:http on port 0). It answers the queued
 * answers in order, then `fallback` (200).
 */
export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedWebhook[];
  /** Answers for the next requests, in order. */
  answer(...answers: Answer[]): void;
  fallback: Answer;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const queue: Answer[] = [];
  const received: ReceivedWebhook[] = [];
  const receiver = { fallback: 200 as Answer };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = queue.shift() ?? receiver.fallback;
      if (answer === 'hang') return;
      // A redirect points back here: a sender that followed it would be received twice.
      const location = answer >= 300 && answer < 400 ? { location: request.url ?? '/' } : {};
      response.writeHead(answer, { 'content-type': 'text/plain', ...location });
      response.end(answer >= 300 ? `receiver says ${answer}` : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    answer: (...answers: Answer[]) => {
      queue.push(...answers);
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

/** A URL nothing listens on: connecting is refused at once. */
export async function refusingUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/gone`;
}

/** A subscription with defaults (all events, json); kept beside the receiver to spare factories.ts merges. */
export function newWebhook(ctx: Ctx, overrides: Partial<CreateWebhookInput> = {}) {
  return createWebhook(ctx, { url: 'http://127.0.0.1:9/unused', events: ['*'], ...overrides }, CLI_PRINCIPAL);
}
