/**
 * The annotations of the sample corpus in tests/fixtures/{seeds,dev}/*.tsv, read by the one reader that
 * `npm run accuracy` uses (scripts/lib/accuracy/annotations.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Annotation, parseAnnotations } from '../../scripts/lib/accuracy/annotations.ts';

export {
  ANNOTATED_FIELDS,
  type AnnotatedField,
  type Annotation,
  extractedValue,
} from '../../scripts/lib/accuracy/annotations.ts';

export function readAnnotations(set: 'seeds' | 'dev'): Annotation[] {
  const dir = join('tests/fixtures', set);
  return parseAnnotations(readFileSync(join(dir, `${set}.tsv`), 'utf8'), set, (file) => join(dir, file));
}
