// A strict reader for the YAML subset action.yml is written in: block mappings,
// sequences of mappings ("- key: ..."), plain, single- and double-quoted scalars
// (all read as strings), literal block scalars ("|") and full-line comments.
// Anything else (flow collections, anchors, tags, folded scalars, tabs, trailing
// comments, duplicate keys) is an error, so the file cannot mean something else
// to GitHub than to the tests.

export type YamlValue = string | YamlValue[] | { [key: string]: YamlValue };

interface Line {
  readonly no: number;
  readonly indent: number;
  readonly text: string;
}

export function readActionYaml(source: string): YamlValue {
  const raw = source.split('\n');
  const lines: Line[] = [];
  raw.forEach((text, i) => {
    if (/\t/.test(text)) throw new Error(`line ${i + 1}: tab`);
    if (text.trim() === '' || /^\s*#/.test(text)) return;
    lines.push({ no: i + 1, indent: text.length - text.trimStart().length, text: text.trim() });
  });
  const state = { at: 0 };
  const value = readBlock(lines, raw, state, 0);
  if (state.at < lines.length) throw new Error(`line ${lines[state.at].no}: unexpected indentation`);
  return value;
}

function readBlock(lines: Line[], raw: string[], state: { at: number }, indent: number): YamlValue {
  const first = lines[state.at];
  if (!first || first.indent !== indent)
    throw new Error(`line ${first?.no ?? raw.length}: expected a block at column ${indent}`);
  if (first.text.startsWith('- ')) {
    const items: YamlValue[] = [];
    while (state.at < lines.length && lines[state.at].indent === indent && lines[state.at].text.startsWith('- ')) {
      const line = lines[state.at];
      // The item's first key sits two columns in; read it as a mapping at that column.
      lines[state.at] = { no: line.no, indent: indent + 2, text: line.text.slice(2) };
      items.push(readMapping(lines, raw, state, indent + 2));
    }
    return items;
  }
  return readMapping(lines, raw, state, indent);
}

function readMapping(lines: Line[], raw: string[], state: { at: number }, indent: number): YamlValue {
  const map: { [key: string]: YamlValue } = {};
  while (state.at < lines.length && lines[state.at].indent === indent && !lines[state.at].text.startsWith('- ')) {
    const line = lines[state.at++];
    const m = /^([A-Za-z0-9_-]+):(?: (.*))?$/.exec(line.text);
    if (!m) throw new Error(`line ${line.no}: expected "key: value"`);
    const [, key, rest] = m;
    if (Object.hasOwn(map, key)) throw new Error(`line ${line.no}: duplicate key "${key}"`);
    if (rest === undefined) {
      const next = lines[state.at];
      if (!next || next.indent <= indent) throw new Error(`line ${line.no}: "${key}" has no value`);
      map[key] = readBlock(lines, raw, state, next.indent);
    } else if (rest === '|') {
      map[key] = readLiteral(lines, raw, state, line, indent);
    } else {
      map[key] = scalar(rest, line.no);
    }
  }
  return map;
}

/** A "|" block: the raw lines (blank ones included) indented deeper than the key, dedented, one final newline. */
function readLiteral(lines: Line[], raw: string[], state: { at: number }, key: Line, indent: number): string {
  const body: string[] = [];
  let depth: number | undefined;
  let i = key.no; // raw index of the line after the key
  for (; i < raw.length; i++) {
    const text = raw[i];
    if (text.trim() === '') {
      body.push('');
      continue;
    }
    const d = text.length - text.trimStart().length;
    if (d <= indent) break;
    depth ??= d;
    if (d < depth) throw new Error(`line ${i + 1}: literal block less indented than its first line`);
    body.push(text.slice(depth));
  }
  while (state.at < lines.length && lines[state.at].no <= i) state.at++;
  while (body.length && body[body.length - 1] === '') body.pop();
  if (!body.length) throw new Error(`line ${key.no}: empty literal block`);
  return `${body.join('\n')}\n`;
}

function scalar(text: string, no: number): string {
  if (text.startsWith('"')) {
    if (!/^"(?:[^"\\]|\\["\\n])*"$/.test(text)) throw new Error(`line ${no}: bad double-quoted string`);
    return JSON.parse(text) as string;
  }
  if (text.startsWith("'")) {
    if (!/^'(?:[^']|'')*'$/.test(text)) throw new Error(`line ${no}: bad single-quoted string`);
    return text.slice(1, -1).replaceAll("''", "'");
  }
  if (/^[[\]{}&*!|>%@`]/.test(text) || / #/.test(text) || /: /.test(text))
    throw new Error(`line ${no}: outside the supported YAML subset: ${text}`);
  return text;
}
