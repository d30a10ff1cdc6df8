/**
 * How many paper numbers are in either of two ascending lists (a word's title and abstract posting lists): its
 * document frequency. With `served`, only numbers whose entry there is not negative count.
 */
export function unionSize(a: Int32Array, b: Int32Array, served?: Int32Array): number {
  let i = 0;
  let j = 0;
  let count = 0;
  if (!served) {
    while (i < a.length && j < b.length) {
      const x = a[i] ?? 0;
      const y = b[j] ?? 0;
      if (x <= y) i++;
      if (y <= x) j++;
      count++;
    }
    return count + (a.length - i) + (b.length - j);
  }
  while (i < a.length || j < b.length) {
    const x = i < a.length ? (a[i] ?? 0) : Number.MAX_SAFE_INTEGER;
    const y = j < b.length ? (b[j] ?? 0) : Number.MAX_SAFE_INTEGER;
    const doc = Math.min(x, y);
    if (x === doc) i++;
    if (y === doc) j++;
    if ((served[doc] ?? -1) >= 0) count++;
  }
  return count;
}
