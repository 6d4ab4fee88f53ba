import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { CLI_PRINCIPAL, createApiKey, type Role } from '../../src/access/index.js';
import { buildServer } from '../../src/api/index.js';
import type { StoreFixture } from './stores.js';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  body?: unknown;
  /** A raw body sent as is (for malformed JSON tests). */
  rawBody?: string;
  key?: string | null;
  headers?: Record<string, string>;
}

/** The real server over real HTTP, with a key per role. */
export interface TestApi {
  readonly url: string;
  readonly keys: Record<Role, string>;
  call<T = any>(method: string, path: string, options?: CallOptions): Promise<ApiResponse<T>>;
  /** A key for a sales rep bound to `userId`. */
  repKey(userId: string): Promise<string>;
}

/** Starts the API over the fixture's database for the enclosing `describe`. */
export function useApi(fixture: StoreFixture): TestApi {
  let server: FastifyInstance | undefined;
  let url = '';
  const keys = {} as Record<Role, string>;

  beforeAll(async () => {
    server = await buildServer(fixture.ctx);
    url = await server.listen({ host: '127.0.0.1', port: 0 });
    for (const role of ['admin', 'revops', 'marketing', 'sales_manager'] as const) {
      keys[role] = (await createApiKey(fixture.ctx, { name: `test ${role}`, role }, CLI_PRINCIPAL)).secret;
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  return {
    get url() {
      return url;
    },
    keys,
    async call(method, path, options = {}) {
      const key = options.key === undefined ? keys.admin : options.key;
      const headers: Record<string, string> = { ...options.headers };
      if (key) headers.authorization = `Bearer ${key}`;
      let body: string | undefined;
      if (options.rawBody !== undefined) body = options.rawBody;
      else if (options.body !== undefined) body = JSON.stringify(options.body);
      if (body !== undefined) headers['content-type'] ??= 'application/json';
      const response = await fetch(`${url}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, headers: response.headers, body: parsed as any };
    },
    async repKey(userId) {
      return (
        await createApiKey(fixture.ctx, { name: `rep ${userId}`, role: 'sales_rep', userId }, CLI_PRINCIPAL)
      ).secret;
    },
  };
}
