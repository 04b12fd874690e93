/**
 * What a report page shows besides its own text, gathered from the archive in one place: the page
 * renders from this view only, so that its cache key (page-keys.ts) covers everything it shows.
 */
import { type Archive, neighbours, regionTrail, sameRegionAndYear } from './archive.ts';
import type { Report } from './report.ts';

/** A busy region can have hundreds of reports a year: the page lists a few and links to the region page. */
export const RELATED_LIMIT = 20;

export interface ReportPageView {
  report: Report;
  previous: Report | null;
  next: Report | null;
  /** The region pages this report belongs to, province first (empty when its province is unknown). */
  trail: { name: string; path: string }[];
  /** Other reports of the same region and year, at most RELATED_LIMIT. */
  related: Report[];
  /** How many reports the region page lists, when the related list is cut (else null). */
  moreInRegion: number | null;
  authority: { name: string; slug: string } | null;
  /** The reports this one is compared with on a compare page (src/lib/series.ts), the years before and after. */
  compareWith: { previous: { slug: string; year: number } | null; next: { slug: string; year: number } | null };
}

export function reportPageView(archive: Archive, report: Report): ReportPageView {
  const trail = regionTrail(archive, report);
  const { previous, next } = neighbours(archive, report);
  const related = sameRegionAndYear(archive, report);
  const authority = report.authority ? archive.byAuthority.get(report.authority) : undefined;
  const pair = archive.series.pairsOf.get(report.slug);
  return {
    report,
    previous: previous ?? null,
    next: next ?? null,
    trail: trail.map((node) => ({ name: node.name, path: node.path })),
    related: related.slice(0, RELATED_LIMIT),
    moreInRegion: related.length > RELATED_LIMIT ? (trail.at(-1)?.all.length ?? null) : null,
    authority: authority ? { name: authority.name, slug: authority.slug } : null,
    compareWith: {
      previous: pair?.previous
        ? { slug: pair.previous.earlier.slug, year: pair.previous.earlier.year as number }
        : null,
      next: pair?.next ? { slug: pair.next.later.slug, year: pair.next.later.year as number } : null,
    },
  };
}
