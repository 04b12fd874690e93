/**
 * Writes the two tables of src/lib/chinese-script.ts (read only through it):
 *
 * - src/lib/t2s-chars.json: every CJK character that OpenCC's traditional → simplified conversion
 *   changes, with its simplified form. Search normalises both the indexed text and the query with this
 *   one table (in the build and in the browser), so that a traditional query finds simplified text
 *   without shipping OpenCC's dictionaries to readers; the ingest detects traditional text with it.
 * - src/lib/t2s-readings.json: the traditional characters that stand for more than one simplified
 *   character, where the table cannot tell which. 著 is 著 in 著作 and 着 in 隨著 (OpenCC's Taiwan
 *   and Hong Kong forms write 着 as 著); 瞭 is 了 in 瞭解; 覆 is 复 in 答覆. Such a character is
 *   itself a simplified character, so the table keeps it, and a traditional query 隨著 would miss
 *   every 随着. Each is listed (in its normalised form) with its other simplified readings, found by
 *   converting every simplified word and character of OpenCC's dictionaries to traditional (standard,
 *   Taiwan and Hong Kong forms) and keeping the characters whose normalised forms then differ. Only
 *   readings in GB 2312 (the characters simplified text is written in) are kept: the rest are variant
 *   forms no report uses. The search asks for every reading of a query written in traditional
 *   characters (src/lib/search/tokens.ts parseQuery).
 *
 *   npx tsx scripts/generate-t2s-map.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { Converter as toTraditional } from 'opencc-js/cn2t';
import { Converter } from 'opencc-js/t2cn';

const convert = Converter({ from: 't', to: 'cn' });
const map: Record<string, string> = {};
for (let code = 0x3400; code <= 0x9fff; code++) {
  const ch = String.fromCodePoint(code);
  const simplified = convert(ch);
  if (simplified !== ch && [...simplified].length === 1) map[ch] = simplified;
}
writeFileSync('src/lib/t2s-chars.json', `${JSON.stringify(map, null, 2)}\n`);
console.log(`${Object.keys(map).length} characters`);

const normalised = (ch: string) => map[ch] ?? ch;

/** Whether a character is one of GB 2312's hanzi (rows 16–87: both bytes of its GBK code in its range). */
function inGb2312(ch: string): boolean {
  const bytes = iconv.encode(ch, 'gbk');
  return bytes.length === 2 && (bytes[0] ?? 0) >= 0xb0 && (bytes[0] ?? 0) <= 0xf7 && (bytes[1] ?? 0) >= 0xa1;
}

/** The keys of one of OpenCC's simplified → traditional dictionaries (words or characters). */
function dictionaryKeys(name: string): string[] {
  // The package exports no path to its dictionaries: they sit beside its core module.
  const lib = dirname(fileURLToPath(import.meta.resolve('opencc-js/core')));
  const text = readFileSync(join(lib, 'dict', `${name}.js`), 'utf8');
  const body = text.slice(text.indexOf('"') + 1, text.lastIndexOf('"'));
  return body.split('|').map((entry) => entry.split(' ')[0] ?? '');
}

const simplifiedWords = new Set([...dictionaryKeys('STPhrases'), ...dictionaryKeys('STCharacters')]);
for (let code = 0x4e00; code <= 0x9fff; code++) simplifiedWords.add(String.fromCodePoint(code));
const targets = (['t', 'tw', 'hk'] as const).map((to) => toTraditional({ from: 'cn', to }));
const readings = new Map<string, Set<string>>();
for (const word of simplifiedWords) {
  const simplified = [...word];
  for (const target of targets) {
    const traditional = [...target(word)];
    if (traditional.length !== simplified.length) continue;
    for (const [i, written] of traditional.entries()) {
      const meant = simplified[i] as string;
      if (written === meant || !inGb2312(meant)) continue;
      const key = normalised(written);
      const reading = normalised(meant);
      if (key === reading) continue;
      const set = readings.get(key) ?? new Set<string>();
      readings.set(key, set.add(reading));
    }
  }
}
const table: Record<string, string> = {};
for (const key of [...readings.keys()].sort()) table[key] = [...(readings.get(key) ?? [])].sort().join('');
writeFileSync('src/lib/t2s-readings.json', `${JSON.stringify(table, null, 2)}\n`);
console.log(`${Object.keys(table).length} characters of several readings`);
