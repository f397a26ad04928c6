// file: URIs in exactly the form VS Code writes them, so diagnostics for
// scanned files land on the same Problems entry as open documents.
import { toEnginePath } from '../engine';

export function uriToPath(uri: string): string | undefined {
  const m = /^(file|vscode-notebook-cell):\/\/([^/]*)(\/[^?#]*)/.exec(uri);
  if (!m) return undefined;
  let path = decodeURIComponent(m[3]);
  if (/^\/[A-Za-z]:/.test(path)) path = path[1].toLowerCase() + path.slice(2);
  return m[2] ? `//${m[2]}${path}` : path;
}

/** The engine's form of a document's path ('/' separators), or undefined for URIs with no file. */
export function uriToEnginePath(uri: string): string | undefined {
  const p = uriToPath(uri);
  return p === undefined ? undefined : toEnginePath(p);
}

export function pathToUri(path: string): string {
  let p = path.replace(/\\/g, '/');
  let prefix = '';
  const drive = /^([A-Za-z]):/.exec(p);
  if (drive) {
    prefix = `/${drive[1].toLowerCase()}%3A`;
    p = p.slice(2);
  }
  return `file://${prefix}${p.split('/').map(encodeSegment).join('/')}`;
}

function encodeSegment(s: string): string {
  return s.replace(/[^A-Za-z0-9\-._~]/g, (c) =>
    encodeURIComponent(c).replace(/[!'()*]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`),
  );
}
