// Memoisation in one call: the value cached under `key`, made and stored on first use.
export function getOrCreate<K, V>(map: Map<K, V> | WeakMap<K & object, V>, key: K, make: () => V): V {
  const m = map as Map<K, V>;
  let value = m.get(key);
  if (value === undefined) {
    value = make();
    m.set(key, value);
  }
  return value;
}
