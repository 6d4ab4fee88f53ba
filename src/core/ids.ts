import { randomBytes } from 'node:crypto';
import type { Clock } from './clock.js';

/**
 * Identifiers are a short type prefix and a ULID (`per_01JD3...`): sortable by creation
 * time, readable in logs and URLs, and unambiguous about what they name.
 */
export type IdPrefix = 'acc' | 'per' | 'usr' | 'team' | 'cmp' | 'act' | 'opp' | 'key' | 'imp' | (string & {});

export interface IdGenerator {
  next(prefix: IdPrefix): string;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function encodeTime(ms: number): string {
  let out = '';
  let rest = ms;
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function encodeRandom(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < 16; i++) out += CROCKFORD[(bytes[i] ?? 0) % 32];
  return out;
}

/** ULIDs from the given clock and the OS random source. */
export function randomIds(clock: Clock): IdGenerator {
  return {
    next: (prefix) => `${prefix}_${encodeTime(clock.now().getTime())}${encodeRandom(randomBytes(16))}`,
  };
}

/**
 * Deterministic ids for a seed: the simulator uses them so that the same seed yields the
 * same company, ids included.
 */
export function seededIds(clock: Clock, seed: number): IdGenerator {
  const random = seededRandom(seed);
  const bytes = new Uint8Array(16);
  return {
    next: (prefix) => {
      for (let i = 0; i < 16; i++) bytes[i] = Math.floor(random() * 256);
      return `${prefix}_${encodeTime(clock.now().getTime())}${encodeRandom(bytes)}`;
    },
  };
}

/** mulberry32: a small, fast, well-distributed PRNG; good for simulation, not for secrets. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
