import { type Static, type TSchema, Type } from 'typebox';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination.js';

/** Schemas every capability's routes share: problems, pages, ids, nullable values. */

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem', additionalProperties: true, description: 'RFC 9457 problem details' },
);

export function Nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}

/** A string enum, as one JSON Schema `enum` so validation errors list the allowed values. */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: { description?: string } = {},
) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** Serialised as ISO 8601; handlers may return `Date`s (fast-json-stringify formats them). */
export const DateTime = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });
export const DateOnly = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
export const Email = Type.String({ format: 'email', maxLength: 320 });

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
export type IdParams = Static<typeof IdParams>;

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })),
  cursor: Type.Optional(Type.String({ description: 'nextCursor of the previous page' })),
};

export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });
}

const problemRef = Type.Unsafe<Static<typeof ProblemSchema>>({ $ref: 'Problem#' });

/** Response map with the problem responses every authenticated route can give. */
export function responses<R extends Record<number, TSchema>>(ok: R) {
  return {
    ...ok,
    400: problemRef,
    401: problemRef,
    403: problemRef,
    404: problemRef,
    409: problemRef,
    422: problemRef,
  };
}

/** Money is integer cents with an ISO 4217 currency, never a float: `{ cents: 1250000, currency: 'USD' }`. */
export const MoneySchema = Type.Object(
  {
    cents: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'integer minor units' }),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217, e.g. USD' }),
  },
  { additionalProperties: false },
);

/** The body of an action that takes no fields (`POST .../retry`); a request may also send none. */
export const ActionBody = Type.Object({}, { additionalProperties: false, description: 'no fields' });
