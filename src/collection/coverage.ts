/**
 * The coverage views of the archive, computed once per build for every coverage page and the coverage data
 * (src/lib/coverage.ts): pages and endpoints ask here instead of recomputing a region's units each.
 */
import {
  type CoverageRule,
  coverageYears,
  hasCoveragePage,
  type RegionCoverage,
  regionCoverage,
} from '../lib/coverage.ts';
import { gazetteer } from '../lib/gazetteer.ts';
import { readConfig } from '../site.config.ts';
import { getArchive } from './reports.ts';

let cache: Promise<{ rule: CoverageRule; years: number[]; views: RegionCoverage[] }> | undefined;

/** Every coverage view, the country first, then the regions breadth first (as archive.regions lists them). */
export function getCoverage() {
  cache ??= getArchive().then((archive) => {
    const rule = readConfig().coverage;
    const years = coverageYears(archive, rule);
    const places = gazetteer();
    const views = archive.regions
      .filter(hasCoveragePage)
      .map((node) => regionCoverage(archive, places, node, years, rule));
    return { rule, years, views };
  });
  return cache;
}
