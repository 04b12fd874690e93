/**
 * Grouping items under keys: the one way the code builds "key → list" maps. Pure and dependency-free,
 * so that the build, the ingest and browser code can all use it. Groups keep the order in which their
 * keys first appear, and each list the order of its items: pages and indexes built from them depend on it.
 */

/** Adds a value to the list under its key, starting the list at the key's first value. */
export function pushTo<K, V>(groups: Map<K, V[]>, key: K, value: V): void {
  const list = groups.get(key);
  if (list) list.push(value);
  else groups.set(key, [value]);
}

/** Items grouped by a key: the keys in order of first appearance, each list in the items' order. */
export function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) pushTo(groups, keyOf(item), item);
  return groups;
}
