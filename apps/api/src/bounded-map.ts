/**
 * Sets a key of a map kept to `limit` entries: the key moves to the newest place, and past the
 * limit the oldest entries are forgotten (for what a process remembers only to go faster).
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > limit) {
    const { value: oldest, done } = map.keys().next();
    if (done) break;
    map.delete(oldest);
  }
}
