/**
 * Regions on a generated archive (issue 18: "0 reports whose region is wrong without a warning"). The
 * bench's generator (scripts/lib/shared/corpus-generator.ts) writes uploads from the fixtures' paragraphs
 * for divisions drawn from the whole gazetteer, and knows each one's true division. Each upload is
 * converted as the ingest converts it (convertSource: the file and its folders, no sidecar) and its
 * region compared level by level with the truth:
 * - right: the same division;
 * - incomplete: every level filled is right, but it stops above the true division (an ambiguous name the
 *   extraction would not guess; it warns);
 * - wrong: a level filled with another name than the truth's — with or without a region warning.
 * A wrong region without a warning is the failure that matters: the report leaves its own county's page
 * for a stranger's and nobody is told.
 */

import { convertSource } from '../../../src/lib/convert.ts';
import { gazetteer } from '../../../src/lib/gazetteer.ts';
import type { Region } from '../../../src/lib/report.ts';
import { warnedField } from '../../../src/lib/warnings.ts';
import { generateCorpus } from '../shared/corpus-generator.ts';

export interface GeneratedRegions {
  seed: number;
  reports: number;
  right: number;
  incomplete: number;
  wrongWithWarning: number;
  wrongWithoutWarning: number;
  /** Each wrong region without a warning: the upload, what was read, what is true. */
  silent: string[];
}

const LEVELS = ['province', 'city', 'county', 'township'] as const;

/** The generated archive of `reports` uploads from `seed`, its regions read and compared. */
export async function measureGeneratedRegions(options: {
  reports: number;
  seed: number;
  fixtures?: string;
}): Promise<GeneratedRegions> {
  const files = await generateCorpus({
    reports: options.reports,
    seed: options.seed,
    unusableShare: 0,
    ...(options.fixtures ? { fixtures: options.fixtures } : {}),
  });
  const g = gazetteer();
  const result: GeneratedRegions = {
    seed: options.seed,
    reports: 0,
    right: 0,
    incomplete: 0,
    wrongWithWarning: 0,
    wrongWithoutWarning: 0,
    silent: [],
  };
  for (const file of files) {
    const truth = file.truth;
    const division = truth ? g.byCode(truth.regionCode) : undefined;
    if (!truth || !division) continue;
    result.reports++;
    const { fields } = await convertSource({ path: file.path, bytes: file.bytes });
    const region: Region = fields.region;
    const trueNames = new Map(g.chain(division).map((d) => [d.level, d.name]));
    const wrongLevel = LEVELS.find((level) => region[level] !== null && region[level] !== trueNames.get(level));
    if (region.code === truth.regionCode) result.right++;
    else if (wrongLevel === undefined) result.incomplete++;
    else if (fields.warnings.some((w) => warnedField(w) === 'region')) result.wrongWithWarning++;
    else {
      result.wrongWithoutWarning++;
      const read = LEVELS.map((l) => region[l] ?? '').join('/');
      result.silent.push(
        `${file.path}: ${read} ≠ ${g
          .chain(division)
          .map((d) => d.name)
          .join('/')}`,
      );
    }
  }
  return result;
}

/** The figures as lines for the terminal. */
export function formatGeneratedRegions(r: GeneratedRegions): string[] {
  return [
    `generated archive — ${r.reports} uploads (seed ${r.seed}) from the fixtures' paragraphs, regions drawn from the whole gazetteer`,
    `region right ${r.right}, incomplete (a level left open, warned) ${r.incomplete}, wrong with a warning ${r.wrongWithWarning}, wrong without a warning ${r.wrongWithoutWarning}`,
    ...r.silent.map((s) => `  wrong without a warning: ${s}`),
  ];
}
