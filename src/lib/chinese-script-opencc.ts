/**
 * Traditional → simplified phrase by phrase, through OpenCC (src/lib/chinese-script.ts has the
 * character table and the detection): build-only, apart so that the browser's imports never reach
 * OpenCC's dictionaries.
 */
import { Converter } from 'opencc-js/t2cn';

let t2s: ((text: string) => string) | undefined;
/** Traditional → simplified, phrase-aware (OpenCC), for matching names only: the report's own text is never converted. */
export function toSimplified(text: string): string {
  t2s ??= Converter({ from: 't', to: 'cn' });
  return t2s(text);
}
