/**
 * Writes src/lib/t2s-chars.json, read only through src/lib/chinese-script.ts: every CJK character
 * that OpenCC's traditional → simplified conversion changes, with its simplified form. Search
 * normalises both the indexed text and the query with this one table (in the build and in the
 * browser), so that a traditional query finds simplified text without shipping OpenCC's dictionaries
 * to readers; the ingest detects traditional text with it.
 *
 *   npx tsx scripts/generate-t2s-map.ts
 */
import { writeFileSync } from 'node:fs';
import { Converter } from 'opencc-js/t2cn';

const convert = Converter({ from: 't', to: 'cn' });
const map: Record<string, string> = {};
for (let code = 0x3400; code <= 0x9fff; code++) {
  const ch = String.fromCodePoint(code);
  const simplified = convert(ch);
  if (simplified !== ch && [...simplified].length === 1) map[ch] = simplified;
}
writeFileSync('src/lib/t2s-chars.json', `${JSON.stringify(map)}\n`);
console.log(`${Object.keys(map).length} characters`);
