// A set of 32-bit integers in one typed array (open addressing, linear
// probing): indexing checks and adds millions of fingerprint keys, several
// times faster than a Set<number> and without its per-key garbage.

/** Marks an empty slot; the key 0 itself is held by a flag. */
const EMPTY = 0;

export class IntSet {
  private slots: Int32Array;
  private mask: number;
  /** 32 - log2(slots): the slot is the top bits of a multiplicative hash. */
  private shift: number;
  private count = 0;
  private hasZero = false;

  constructor(expected = 16) {
    let size = 16;
    while (size < expected * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    this.shift = Math.clz32(size) + 1;
  }

  has(key: number): boolean {
    const k = key | 0;
    if (k === EMPTY) return this.hasZero;
    for (let i = this.slotOf(k); ; i = (i + 1) & this.mask) {
      const s = this.slots[i];
      if (s === k) return true;
      if (s === EMPTY) return false;
    }
  }

  /** Adds the key; false when it was there already. */
  add(key: number): boolean {
    const k = key | 0;
    if (k === EMPTY) {
      const added = !this.hasZero;
      this.hasZero = true;
      return added;
    }
    let i = this.slotOf(k);
    for (; this.slots[i] !== EMPTY; i = (i + 1) & this.mask) if (this.slots[i] === k) return false;
    this.slots[i] = k;
    // At most half full, so probes stay short.
    if (++this.count * 2 > this.slots.length) this.grow();
    return true;
  }

  /** Fibonacci hashing: every bit of the key reaches the top bits taken. */
  private slotOf(k: number): number {
    return Math.imul(k, 0x9e3779b1) >>> this.shift;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = this.slots.length - 1;
    this.shift--;
    for (const k of old) {
      if (k === EMPTY) continue;
      let i = this.slotOf(k);
      while (this.slots[i] !== EMPTY) i = (i + 1) & this.mask;
      this.slots[i] = k;
    }
  }
}
