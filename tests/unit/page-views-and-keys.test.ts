import { describe, expect, it } from 'vitest';
import { buildArchive } from '../../src/lib/archive.ts';
import { feedKey, pageKey, regionPageKey } from '../../src/lib/page-keys.ts';
import { RELATED_LIMIT, reportPageView } from '../../src/lib/page-views.ts';
import type { Report } from '../../src/lib/report.ts';
import { fixtureArchive } from '../helpers/fixture-archive.ts';

const reports = fixtureArchive().map((f) => f.report);
const config = { site: 'https://www.example.gov.cn', base: '/fzbg/' };
const keysOf = (list: Report[]) => {
  const archive = buildArchive(list);
  return new Map(list.map((r) => [r.slug, pageKey(config, reportPageView(archive, r), 'body')]));
};

describe('report page view and cache key', () => {
  const before = keysOf(reports);
  const placed = reports.find((r) => r.region.county && r.year !== null && r.authority) as Report;

  it('a new report changes the keys of the pages that show it, and only those', () => {
    const sibling: Report = { ...placed, slug: `${placed.slug}-new`, title: '新报告', authority: '某新机关' };
    const after = keysOf([...reports, sibling]);
    const changed = reports.filter((r) => after.get(r.slug) !== before.get(r.slug)).map((r) => r.slug);
    const archive = buildArchive([...reports, sibling]);
    // Exactly the reports of the same region and year list the newcomer.
    const expected = reports
      .filter((r) => reportPageView(archive, r).related.some((x) => x.slug === sibling.slug))
      .map((r) => r.slug);
    expect(changed.sort()).toEqual(expected.sort());
    expect(changed).toContain(placed.slug);
    expect(changed.length).toBeLessThan(reports.length / 2);
  });

  it('changes with the report itself, its text and the site settings', () => {
    const archive = buildArchive(reports);
    const view = reportPageView(archive, placed);
    const key = pageKey(config, view, 'body');
    expect(pageKey(config, view, 'body')).toBe(key);
    expect(pageKey(config, view, 'body!')).not.toBe(key);
    expect(pageKey({ ...config, base: '/' }, view, 'body')).not.toBe(key);
    expect(pageKey(config, { ...view, report: { ...placed, title: '更正' } }, 'body')).not.toBe(key);
  });

  it('lists at most RELATED_LIMIT related reports and says how many the region has when cut', () => {
    const many = Array.from({ length: RELATED_LIMIT + 5 }, (_, i) => ({ ...placed, slug: `${placed.slug}-${i}` }));
    const archive = buildArchive([...reports, ...many]);
    const view = reportPageView(archive, placed);
    expect(view.related).toHaveLength(RELATED_LIMIT);
    expect(view.moreInRegion).toBe(view.trail.length ? archive.nodeOf.get(placed.slug)?.all.length : null);
    expect(reportPageView(buildArchive(reports), placed).moreInRegion).toBeNull();
  });

  it("a region page key changes along the new report's chain only; a feed key with its items and their text", () => {
    const sibling: Report = { ...placed, slug: `${placed.slug}-new`, title: '新报告' };
    const keys = (list: Report[]) => {
      const archive = buildArchive(list);
      return new Map(archive.regions.map((n) => [n.path, regionPageKey(config, archive, n)]));
    };
    const a = keys(reports);
    const b = keys([...reports, sibling]);
    const changed = [...b].filter(([path, key]) => a.get(path) !== key).map(([path]) => path);
    const chainPaths = buildArchive([...reports, sibling])
      .regions.filter((n) => n.all.some((r) => r.slug === sibling.slug))
      .map((n) => n.path);
    // The chain's pages change, and so do their parents' lists of children (counts).
    expect(changed.sort()).toEqual(chainPaths.sort());
    // A feed item is keyed by its report and the digest of its file (the body changed: another digest).
    const item = { report: placed, digest: 'a1' };
    expect(feedKey(config, '/rss.xml', [item])).toBe(feedKey(config, '/rss.xml', [{ ...item }]));
    expect(feedKey(config, '/rss.xml', [{ ...item, digest: 'a2' }])).not.toBe(feedKey(config, '/rss.xml', [item]));
  });
});
