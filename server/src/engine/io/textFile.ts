// Turning file bytes into text and back without losing a byte.

export type Encoding = 'utf8' | 'utf8bom' | 'utf16le' | 'utf16be';

export interface DecodedText {
  readonly text: string;
  readonly encoding: Encoding;
  /** True when the bytes were not valid in their encoding: the text cannot be written back. */
  readonly lossy: boolean;
}

const BINARY_PROBE = 8000;

/** Git's heuristic: a NUL byte early in the file means binary (UTF-16 is recognised by its BOM first). */
export function looksBinary(bytes: Uint8Array): boolean {
  if (hasUtf16Bom(bytes)) return false;
  return bytes.subarray(0, BINARY_PROBE).indexOf(0) !== -1;
}

function hasUtf16Bom(b: Uint8Array): boolean {
  return b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff));
}

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return decodeWith('utf-16le', bytes.subarray(2), 'utf16le');
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return decodeWith('utf-16be', bytes.subarray(2), 'utf16be');
  }
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return decodeWith('utf-8', bytes.subarray(3), 'utf8bom');
  }
  return decodeWith('utf-8', bytes, 'utf8');
}

function decodeWith(label: string, bytes: Uint8Array, encoding: Encoding): DecodedText {
  try {
    return { text: new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes), encoding, lossy: false };
  } catch {
    return { text: new TextDecoder(label, { ignoreBOM: true }).decode(bytes), encoding, lossy: true };
  }
}

export function encodeText(text: string, encoding: Encoding): Buffer {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf16be': {
      const le = Buffer.from(text, 'utf16le');
      for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
      return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
    }
  }
}
