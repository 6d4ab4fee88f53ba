/**
 * Byte strings to small integer ids, for the paths reader: a path (or a channel name) is
 * looked up by its bytes where they lie in the file's buffer, so a row whose path was seen
 * before allocates nothing (no string, no slice). Open addressing with linear probing over a
 * power-of-two table; the keys' bytes are copied once, into one growing arena. A slot holds
 * the key's hash and id side by side, and a key's start and length too, so that a lookup
 * touches few cache lines: over a million rows, memory latency is most of a lookup's cost.
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
  /** Key `id` lies in `arena` at [spans[3 id], spans[3 id] + spans[3 id + 1]); its hash is spans[3 id + 2]. */
  spans = new Int32Array(3 * 1024);
  arena = new Uint8Array(1 << 16);
  private used = 0;
  /** Per slot: the hash, then id + 1 (0 when free). */
  private slots = new Int32Array(4096);

  /** The id of bytes [from, to) whose `hashBytes` is `hash`, or -1. */
  find(bytes: Uint8Array, from: number, to: number, hash: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    const length = to - from;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[2 * slot + 1]!;
      if (entry === 0) return -1;
      if (slots[2 * slot] !== hash) continue;
      const id = entry - 1;
      if (this.spans[3 * id + 1] !== length) continue;
      const at = this.spans[3 * id]!;
      const arena = this.arena;
      let i = 0;
      while (i < length && arena[at + i] === bytes[from + i]) i++;
      if (i === length) return id;
    }
  }

  /** Adds bytes [from, to), known to be absent (`find` gave -1), and returns its id. */
  add(bytes: Uint8Array, from: number, to: number, hash: number): number {
    const id = this.size++;
    if (3 * id === this.spans.length) this.spans = grow(this.spans);
    const length = to - from;
    if (this.used + length > this.arena.length) {
      const arena = new Uint8Array(Math.max(this.arena.length * 2, this.used + length));
      arena.set(this.arena.subarray(0, this.used));
      this.arena = arena;
    }
    this.arena.set(bytes.subarray(from, to), this.used);
    this.spans[3 * id] = this.used;
    this.spans[3 * id + 1] = length;
    this.spans[3 * id + 2] = hash;
    this.used += length;
    if (this.size * 4 > this.slots.length) this.rehash();
    else this.place(hash, id);
    return id;
  }

  /** Where key `id` starts in `arena`, and how long it is. */
  start(id: number): number {
    return this.spans[3 * id]!;
  }

  length(id: number): number {
    return this.spans[3 * id + 1]!;
  }

  private place(hash: number, id: number): void {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let slot = hash & mask;
    while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
    slots[2 * slot] = hash;
    slots[2 * slot + 1] = id + 1;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let id = 0; id < this.size; id++) this.place(this.spans[3 * id + 2]!, id);
  }
}

export function grow<T extends Int32Array | Float64Array>(array: T): T {
  const bigger = new (array.constructor as new (n: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}
