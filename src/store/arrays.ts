import { type RawBuilder, sql } from 'kysely';

/**
 * `= any($1::text[])`: a list of keys as one array parameter instead of `in ($1, ..., $n)`.
 * The statement text stays the same whatever the list's length, so it costs no compile time
 * in Kysely, no parse of thousands of parameters, and never nears the 65,535 limit.
 * Use as `.where('id', '=', anyText(ids))`.
 */
export function anyText(values: Iterable<string>): RawBuilder<string> {
  return sql<string>`any(${[...values]}::text[])`;
}
