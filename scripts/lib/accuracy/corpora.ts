/**
 * Where the annotated corpora are: every `<name>.tsv` with its texts in the folder `<name>/` beside it
 * (or, when there is no such folder, beside the TSV itself).
 *
 * - `../shared/corpus/*.tsv` (beside the project's folder: on the development machine and in CI, never in a
 *   clone), each only with its folder: `shared/seeds`, `shared/dev`, `shared/dev2`;
 * - `tests/fixtures/seeds/seeds.tsv`, `tests/fixtures/dev/dev.tsv`: `fixtures/seeds`, `fixtures/dev`;
 * - every TSV in `tests/fixtures/corpus/` and its sub-folders, when that folder exists: `fixtures/corpus` for
 *   `corpus/corpus.tsv` or `corpus/<x>.tsv` with `corpus/<x>/`… (the name is the TSV's path, `x/x` said once).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';

export interface CorpusSource {
  name: string;
  tsv: string;
  /** The folder the `file` cells are relative to. */
  textDir: string;
}

const isDir = (path: string) => existsSync(path) && statSync(path).isDirectory();
const isFile = (path: string) => existsSync(path) && statSync(path).isFile();

/** `dev/dev` → `dev`, `corpus/batch1` stays. */
function corpusName(prefix: string, fromRoot: string): string {
  const parts = fromRoot.replace(/\.tsv$/, '').split(/[\\/]/);
  if (parts.length >= 2 && parts.at(-1) === parts.at(-2)) parts.pop();
  return [prefix, ...parts].join('/');
}

function sourceOf(prefix: string, root: string, tsv: string, requireFolder: boolean): CorpusSource | null {
  const folder = join(dirname(tsv), basename(tsv, '.tsv'));
  if (requireFolder && !isDir(folder)) return null;
  return { name: corpusName(prefix, relative(root, tsv)), tsv, textDir: isDir(folder) ? folder : dirname(tsv) };
}

const tsvsIn = (dir: string) =>
  isDir(dir)
    ? readdirSync(dir)
        .filter((name) => name.endsWith('.tsv'))
        .sort()
        .map((name) => join(dir, name))
        .filter(isFile)
    : [];

/** `../shared/corpus/*.tsv` whose folder exists. */
export function sharedCorpora(projectRoot: string): CorpusSource[] {
  const root = resolve(projectRoot, '../shared/corpus');
  return tsvsIn(root)
    .map((tsv) => sourceOf('shared', root, tsv, true))
    .filter((s) => s !== null);
}

/** The corpora in the project's own tests/fixtures (what a clone has). */
export function fixtureCorpora(projectRoot: string): CorpusSource[] {
  const fixtures = join(projectRoot, 'tests/fixtures');
  const named = ['seeds', 'dev'].map((set) => join(fixtures, set, `${set}.tsv`)).filter(isFile);
  const corpus = join(fixtures, 'corpus');
  const collected = isDir(corpus)
    ? [
        ...tsvsIn(corpus),
        ...readdirSync(corpus)
          .sort()
          .map((name) => join(corpus, name))
          .filter(isDir)
          .flatMap(tsvsIn),
      ]
    : [];
  return [...named, ...collected].map((tsv) => sourceOf('fixtures', fixtures, tsv, false)).filter((s) => s !== null);
}

/** What `npm run accuracy` measures without arguments: the shared corpora first (their annotations are the re-checked ones), then the fixtures. */
export function findCorpora(projectRoot: string): CorpusSource[] {
  return [...sharedCorpora(projectRoot), ...fixtureCorpora(projectRoot)];
}

/** A corpus named on the command line: a TSV, or a folder holding TSVs. */
export function corporaAt(path: string): CorpusSource[] {
  const full = resolve(path);
  if (isFile(full)) {
    const source = sourceOf('', dirname(full), full, false);
    return source ? [{ ...source, name: relative(process.cwd(), full).replace(/\.tsv$/, '') }] : [];
  }
  return tsvsIn(full)
    .map((tsv) => sourceOf('', full, tsv, false))
    .filter((s) => s !== null)
    .map((s) => ({ ...s, name: relative(process.cwd(), s.tsv).replace(/\.tsv$/, '') }));
}
