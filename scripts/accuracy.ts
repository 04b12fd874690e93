/**
 * npm run accuracy — the extraction measured against the annotated corpora.
 *
 *   npm run accuracy [-- --json FILE] [-- --misses develop|all|none] [-- --no-misses] [-- --generated N] [-- TSV-or-folder…]
 *
 * Without a corpus named, every one found: ../shared/corpus/*.tsv (with their folders), tests/fixtures/seeds
 * and dev, tests/fixtures/corpus/ (scripts/lib/accuracy/corpora.ts). Prints per corpus, per part of the split
 * (develop, measure: scripts/lib/accuracy/split.ts) and per field right / wrong / missing, the share of reports
 * with every annotated field right, and the develop part's misses. Then the key figures against the hand-annotated
 * tests/fixtures/figures.tsv (scripts/lib/accuracy/figures.ts): precision and recall per part, and the develop
 * part's mismatches (only when no corpus is named). Then the regions of a generated archive (scripts/lib/accuracy/generated.ts): how many are
 * wrong without a warning.
 *
 * Exit codes: 0 measured; 1 a TSV could not be read or names a text that is not there (figures.tsv: or is not
 * well-formed); 2 usage error.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { corporaAt, findCorpora } from './lib/accuracy/corpora.ts';
import { figuresToJson, formatFigures, measureFigures } from './lib/accuracy/figures.ts';
import { formatGeneratedRegions, measureGeneratedRegions } from './lib/accuracy/generated.ts';
import { runAccuracy } from './lib/accuracy/measure.ts';
import { formatRun, type MissesShown, runToJson } from './lib/accuracy/report.ts';
import { PROJECT_ROOT } from './lib/shared/project-root.ts';

/** The generated archive whose regions are checked: its size and the generator's seed. */
const GENERATED_DEFAULT = 600;
const GENERATED_SEED = 1;

const USAGE = `usage: npm run accuracy [-- options] [-- TSV-or-folder…]
  --json FILE                  also write the figures (and the misses listed) to FILE as JSON
  --misses develop|all|none    which misses (and key-figure mismatches) to list (default develop: the measure
                               part is read, not worked from)
  --no-misses                  the same as --misses none
  --generated N                uploads in the generated archive whose regions are checked (default ${GENERATED_DEFAULT}; 0: none)
  --help                       this text
Without a TSV or folder: every annotated corpus found (../shared/corpus/*.tsv, tests/fixtures/{seeds,dev,corpus}).`;

async function accuracyCommand(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parse>;
  const parse = (a: string[]) =>
    parseArgs({
      args: a,
      allowPositionals: true,
      options: {
        json: { type: 'string' },
        misses: { type: 'string' },
        'no-misses': { type: 'boolean' },
        generated: { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  try {
    args = parse(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  const misses = args.values['no-misses'] ? 'none' : (args.values.misses ?? 'develop');
  if (!['develop', 'all', 'none'].includes(misses)) {
    console.error(`--misses takes develop, all or none, not ${misses}\n\n${USAGE}`);
    return 2;
  }
  const sources = args.positionals.length > 0 ? args.positionals.flatMap(corporaAt) : findCorpora(PROJECT_ROOT);
  if (args.positionals.length > 0 && sources.length === 0) {
    console.error(`no annotated corpus (a .tsv) at ${args.positionals.join(', ')}`);
    return 2;
  }
  const generatedCount = Number(args.values.generated ?? GENERATED_DEFAULT);
  if (!Number.isInteger(generatedCount) || generatedCount < 0) {
    console.error(`--generated takes a number of uploads, not ${args.values.generated}\n\n${USAGE}`);
    return 2;
  }
  const run = await runAccuracy(sources);
  const options = { date: new Date().toISOString().slice(0, 10), misses: misses as MissesShown };
  console.log(formatRun(run, options));
  // The key figures' reference set is the fixtures' own: measured when no corpus is named.
  const figures = args.positionals.length === 0 ? await measureFigures(PROJECT_ROOT) : null;
  if (figures) console.log(['', ...formatFigures(figures, options.misses)].join('\n'));
  const generated =
    generatedCount > 0 ? await measureGeneratedRegions({ reports: generatedCount, seed: GENERATED_SEED }) : null;
  if (generated) console.log(['', ...formatGeneratedRegions(generated)].join('\n'));
  if (args.values.json)
    writeFileSync(
      args.values.json,
      `${JSON.stringify({ ...runToJson(run, options), keyFigures: figures && figuresToJson(figures, options.misses), generated }, null, 2)}\n`,
    );
  return run.corpora.some(({ result }) => result.problems.length > 0) || (figures?.problems.length ?? 0) > 0 ? 1 : 0;
}

process.exitCode = await accuracyCommand(process.argv.slice(2));
