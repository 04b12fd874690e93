/**
 * Edit distance (Levenshtein) by code point: how many characters to insert, delete or replace to turn
 * one text into the other. O(n·m) time, O(m) memory. Used to score OCR against known text and to
 * suggest the configuration variable a misspelt name was meant to be.
 */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let row = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const next = [i];
    for (let j = 1; j <= y.length; j++)
      next[j] = Math.min(
        (row[j] as number) + 1,
        (next[j - 1] as number) + 1,
        (row[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    row = next;
  }
  return row[y.length] as number;
}
