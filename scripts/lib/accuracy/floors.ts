/**
 * The floors of the fixture corpora (tests/fixtures/, what a clone has): the share of reports with every
 * annotated field right on each corpus's measure part, as measured when it was stated. The README's
 * Accuracy table quotes each one (`readmeFloorRow`); tests/unit/accuracy.test.ts fails when a corpus falls
 * below its floor, when a fixture corpus with a measure part has none, and when the README says otherwise.
 *
 * A floor only goes up, and only when the measure part's figure did (read, not worked towards).
 */
import { percent } from './report.ts';

export const MEASURE_FLOORS: Readonly<Record<string, number>> = {
  // 17/17 on 2026-12-03. The seeds have no URL, hence no measure part.
  'fixtures/dev': 1,
  // 8/22 on 2026-12-03, when the 61 reports collected that day (tests/fixtures/corpus/) came in; 10/22 the same
  // day after three title rules written against the develop part (watermarks, bracketed 文号, a line of its own);
  // 14/22 the same day, after the self-reference, reporting-formula, label and 我县 rules (develop part only).
  // 2026-12-07: 116 more reports (062–177) came in; with the rules as they were the measure part was 52/75, and
  // 55/75 after that day's rules (zones, townships and departments the text names itself, title structure), all
  // written against the develop part.
  'fixtures/corpus': 55 / 75,
};

/** The row of the README's floor table for a corpus. */
export const readmeFloorRow = (corpus: string, floor: number) => `| \`${corpus}\` | ${percent(floor)} |`;
