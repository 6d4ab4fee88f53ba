import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Ctx } from '../app.js';
import { problem, sendProblem } from './errors.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const MAX_KEY_LENGTH = 255;

declare module 'fastify' {
  interface FastifyRequest {
    idempotency?: { key: string; hash: string };
  }
}

/**
 * `Idempotency-Key` on writes: the first response to a key is stored with a hash of the
 * request; a retry with the same key and request gets that response again
 * (`Idempotent-Replayed: true`) without running the write twice; the same key on a
 * different request is refused. Keys are scoped to the API key that sent them.
 */
export function installIdempotency(app: FastifyInstance, ctx: Ctx): void {
  app.addHook('preHandler', async (request, reply) => {
    const header = request.headers['idempotency-key'];
    if (!WRITES.has(request.method) || typeof header !== 'string' || !request.principal?.id) return;
    if (header.length === 0 || header.length > MAX_KEY_LENGTH) {
      return sendProblem(
        reply,
        problem(400, 'invalid_idempotency_key', `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} characters`),
      );
    }
    const hash = createHash('sha256')
      .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
      .digest('hex');
    const stored = await ctx.db
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'status_code', 'response'])
      .where('api_key_id', '=', request.principal.id)
      .where('key', '=', header)
      .executeTakeFirst();
    if (stored) {
      if (stored.request_hash !== hash) {
        return sendProblem(
          reply,
          problem(
            422,
            'idempotency_key_reused',
            'This Idempotency-Key was already used for a different request',
          ),
        );
      }
      const body = stored.response as { contentType?: string; payload: unknown };
      return reply
        .status(stored.status_code)
        .header('idempotent-replayed', 'true')
        .type(body.contentType ?? 'application/json')
        .send(body.payload);
    }
    request.idempotency = { key: header, hash };
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const pending = request.idempotency;
    if (
      !pending ||
      !request.principal?.id ||
      reply.statusCode >= 500 ||
      reply.getHeader('idempotent-replayed')
    ) {
      return payload;
    }
    const text =
      typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
    if (text === null) return payload;
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: stored as text
    }
    await ctx.db
      .insertInto('idempotency_keys')
      .values({
        api_key_id: request.principal.id,
        key: pending.key,
        method: request.method,
        path: request.url,
        request_hash: pending.hash,
        status_code: reply.statusCode,
        response: JSON.stringify({
          contentType: String(reply.getHeader('content-type') ?? ''),
          payload: parsed,
        }),
        created_at: ctx.clock.now(),
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    return payload;
  });
}
