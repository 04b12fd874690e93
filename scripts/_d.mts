import { readFileSync } from 'node:fs';
import { convertSource } from '../src/lib/convert.ts';

for (const f of process.argv.slice(2)) {
  const c = await convertSource({ path: 'x.txt', bytes: readFileSync(f) });
  console.log(f, JSON.stringify(c.fields.region), c.fields.authority, c.fields.year, c.fields.warnings);
}
