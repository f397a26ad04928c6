// MurmurHash3 x86 32-bit (seed 0) of a string's UTF-8 bytes: the `murmur3:`
// content-hash kind of the Agent Trace spec (§6.6, "murmur3:9f2e8a1b").

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** 8 lowercase hex digits. */
export function murmur3Hex(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  const tail = bytes.length & ~3;
  let h = 0;
  for (let i = 0; i < tail; i += 4) {
    let k = bytes.readUInt32LE(i);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const rest = bytes.length & 3;
  if (rest) {
    let k = 0;
    if (rest === 3) k ^= bytes[tail + 2] << 16;
    if (rest >= 2) k ^= bytes[tail + 1] << 8;
    k ^= bytes[tail];
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
  }
  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0).toString(16).padStart(8, '0');
}
