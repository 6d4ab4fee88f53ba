/**
 * Byte strings to small integer ids, for the paths reader: a path (or a channel name) is
 * looked up by its bytes where they lie in the file's buffer, so a row whose path was seen
 * before allocates nothing (no string, no slice). Open addressing with linear probing over a
 * power-of-two table; the keys' bytes are copied once, into one growing arena.
 */

/** FNV-1a over bytes [from, to): the hash `ByteKeys` expects. */
export function hashBytes(bytes: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h;
}

export class ByteKeys {
  /** How many keys; ids are 0..size-1 in order of first appearance. */
  size = 0;
  /** Where key `id` lies in `arena`: [start[id], start[id] + length[id]). */
  start = new Int32Array(1024);
  length = new Int32Array(1024);
  arena = new Uint8Array(1 << 16);
  private used = 0;
  private hashes = new Int32Array(2048);
  /** id + 1 per slot, 0 when free. */
  private slots = new Int32Array(2048);

  /** The id of bytes [from, to) whose `hashBytes` is `hash`, or -1. */
  find(bytes: Uint8Array, from: number, to: number, hash: number): number {
    const mask = this.slots.length - 1;
    const length = to - from;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return -1;
      if (this.hashes[slot] !== hash) continue;
      const id = entry - 1;
      if (this.length[id] !== length) continue;
      const at = this.start[id]!;
      let i = 0;
      while (i < length && this.arena[at + i] === bytes[from + i]) i++;
      if (i === length) return id;
    }
  }

  /** Adds bytes [from, to), known to be absent (`find` gave -1), and returns its id. */
  add(bytes: Uint8Array, from: number, to: number, hash: number): number {
    const id = this.size++;
    if (id === this.start.length) {
      this.start = grow(this.start);
      this.length = grow(this.length);
    }
    const length = to - from;
    if (this.used + length > this.arena.length) {
      const arena = new Uint8Array(Math.max(this.arena.length * 2, this.used + length));
      arena.set(this.arena.subarray(0, this.used));
      this.arena = arena;
    }
    this.arena.set(bytes.subarray(from, to), this.used);
    this.start[id] = this.used;
    this.length[id] = length;
    this.used += length;
    if (this.size * 2 > this.slots.length) this.rehash();
    else this.place(hash, id);
    return id;
  }

  /** The bytes of key `id` (a view into the arena, valid until the next `add`). */
  bytes(id: number): Uint8Array {
    return this.arena.subarray(this.start[id]!, this.start[id]! + this.length[id]!);
  }

  private place(hash: number, id: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = id + 1;
    this.hashes[slot] = hash;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    this.hashes = new Int32Array(this.slots.length);
    for (let id = 0; id < this.size; id++) {
      const at = this.start[id]!;
      this.place(hashBytes(this.arena, at, at + this.length[id]!), id);
    }
  }
}

export function grow<T extends Int32Array | Float64Array>(array: T): T {
  const bigger = new (array.constructor as new (n: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}
