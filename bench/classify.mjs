// Zone classification speed: 1M deterministic paths against 50 zones of
// mixed kinds (directories, names at any depth, extensions, braces).
import { createRequire } from 'node:module';
import path from 'node:path';

export async function measureClassification(root, count = 1_000_000) {
  const require = createRequire(import.meta.url);
  const { parsePolicy } = require(path.join(root, 'out/server/src/engine/policy/parse.js'));
  const { resolve } = require(path.join(root, 'out/server/src/engine/policy/zones.js'));
  const zones = [];
  for (let i = 0; i < 50; i++) {
    const kind = i % 5;
    const paths =
      kind === 0
        ? [`pkg${i}/`]
        : kind === 1
          ? [`secrets${i}`]
          : kind === 2
            ? [`**/*.ext${i}`]
            : kind === 3
              ? [`models/{a,b}${i}/**/train_*.py`]
              : [`pkg${i}/src/**`];
    zones.push({
      name: `z${i}`,
      paths,
      except: i % 7 === 0 ? ['**/fixtures/**'] : undefined,
      ai: ['block', 'warn', 'allow'][i % 3],
    });
  }
  const { policy } = parsePolicy(JSON.stringify({ version: 1, zones }), { file: '/repo/.aifence.json' });
  const segs = ['src', 'lib', 'models', 'a3', 'b8', 'fixtures', 'secrets13', 'pkg10', 'pkg20', 'core', 'util'];
  const paths = new Array(count);
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  for (let i = 0; i < count; i++) {
    const depth = 2 + (next() % 7);
    const parts = ['', 'repo'];
    for (let d = 0; d < depth; d++) parts.push(segs[next() % segs.length]);
    parts.push(next() % 5 === 0 ? 'train_x.py' : `f${i}.ext${next() % 60}`);
    // join() gives flat strings, like the ones a directory walk produces.
    paths[i] = parts.join('/');
  }
  let blocked = 0;
  const t0 = performance.now();
  for (const p of paths) if (resolve([policy], p).ai === 'block') blocked++;
  const seconds = (performance.now() - t0) / 1000;
  if (blocked === 0) throw new Error('classification benchmark matched nothing: the fixture is wrong');
  return count / seconds;
}
