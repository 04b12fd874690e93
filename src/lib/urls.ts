/**
 * The URL scheme. Every public address is ASCII, stable and derived from metadata here,
 * so that pages, feeds, the catalog and the search index agree on it.
 */
import { pinyin } from 'pinyin-pro';
import { isPackaged, uploadExtension } from './downloads.ts';
import { regionChain } from './report-facts.ts';

/** Chinese → lowercase ASCII words joined by '-', e.g. 梁山县 → liangshanxian. */
export function asciiSlug(text: string, maxLength = 60): string {
  const romanised = pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true })
    .join(' ')
    .toLowerCase();
  const slug = romanised
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    // A character the pinyin table lacks (a rare or extension-block Han character, a letter of another
    // script) keeps its code point rather than vanishing: 龥 → u9fa5, never an empty slug.
    .replace(/[\p{L}\p{N}]/gu, (c) => (/[a-z0-9]/.test(c) ? c : `-u${(c.codePointAt(0) ?? 0).toString(16)}-`))
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/-{2,}/g, '-');
  return slug.slice(0, maxLength).replace(/-+$/, '');
}

/**
 * Official romanisations that differ from plain toneless pinyin: 陕西 is written Shaanxi precisely so
 * that it is not confused with 山西 (Shanxi).
 */
const OFFICIAL_ROMANISATION: [RegExp, string][] = [[/^陕西/, 'shaanxi']];

/** One path segment for a division name: the pinyin of the whole name without separators. */
export function regionSegment(name: string): string {
  for (const [re, roman] of OFFICIAL_ROMANISATION) {
    if (re.test(name)) return `${roman}${asciiSlug(name.replace(re, '')).replace(/-/g, '')}`;
  }
  return asciiSlug(name).replace(/-/g, '');
}

/** Prefixes an absolute site path ('/reports/x/') with the configured base ('/fzbg/'). */
export function withBase(base: string, path: string): string {
  const b = base.endsWith('/') ? base : `${base}/`;
  return `${b}${path.replace(/^\/+/, '')}`;
}

/**
 * The absolute address of a site path ('/reports/x/' → https://www.example.gov.cn/fzbg/reports/x/):
 * what leaves the site and must stand on its own — feed links and guids, the catalog's permalinks, the
 * sitemap's address in robots.txt, structured data.
 */
export function absoluteUrl(config: { site: string; base: string }, path: string): string {
  return new URL(withBase(config.base, path), `${config.site}/`).href;
}

export function reportPath(slug: string): string {
  return `/reports/${slug}/`;
}

/** The page comparing one body's reports of two consecutive years, the earlier first. */
export function comparePath(earlierSlug: string, laterSlug: string): string {
  return `/compare/${earlierSlug}/${laterSlug}/`;
}

/**
 * The page that shows a feed in a browser, as HTML (browsers are dropping XSLT): beside the feed,
 * /regions/x/rss.xml → /regions/x/rss/. What pages link for people; readers find the XML from it.
 */
export function feedPagePath(feedPath: string): string {
  return feedPath.replace(/rss\.xml$/, 'rss/');
}

/** A report's permalink: the absolute address of its page, stable for as long as its slug. */
export function reportPermalink(config: { site: string; base: string }, slug: string): string {
  return absoluteUrl(config, reportPath(slug));
}

/** The region pages' root: /regions/ lists every province. */
export const REGIONS_PATH = '/regions/';

/**
 * A region page's path below its parent's: one segment more. A sibling whose name romanises like an
 * earlier one's (its namesake number n > 1) gets the segment with -n, so that the two keep distinct URLs.
 */
export function regionChildPath(parentPath: string, segment: string, namesake = 1): string {
  return `${parentPath}${namesake > 1 ? `${segment}-${namesake}` : segment}/`;
}

/**
 * /regions/shandongsheng/jiningshi/liangshanxian/ — one segment per level present, no namesakes. The
 * archive assigns the pages' paths (src/lib/archive.ts, regionPathOf): the same unless siblings romanise alike.
 */
export function regionPath(names: string[]): string {
  return names.reduce((path, name) => regionChildPath(path, regionSegment(name)), REGIONS_PATH);
}

export function yearPath(year: number): string {
  return `/years/${year}/`;
}

/**
 * The slug a new report proposes: year, the most specific place, the issuing body — all in pinyin —
 * e.g. 2024-liangshanxian-renminzhengfubangongshi. The archive keeps the first slug a source got
 * (in its ledger), so later metadata fixes never break a permalink.
 */
export function proposeSlug(report: {
  year: number | null;
  title: string;
  authority: string | null;
  region: { province: string | null; city: string | null; county: string | null; township: string | null };
}): string {
  const place = regionChain(report.region).pop() ?? null;
  let who = report.authority ?? report.title.replace(/^关于/, '').replace(/(19|20)\d{2}.*$/, '');
  if (place && who.includes(place)) who = who.slice(who.indexOf(place) + place.length);
  const parts = [
    report.year ? String(report.year) : 'undated',
    place ? regionSegment(place) : '',
    asciiSlug(who, 40).replace(/-/g, ''),
  ].filter(Boolean);
  const slug = parts.join('-').slice(0, 80).replace(/-+$/, '');
  return slug || 'report';
}

/**
 * The bodies of one province, when /authorities/ lists provinces (a national archive has tens of thousands of
 * bodies: one page of them all is tens of thousands of pixels long). Under the province's region path:
 * "authorities" is no region's pinyin, and no authority slug is taken.
 */
export function provinceAuthoritiesPath(provinceRegionPath: string): string {
  return `${provinceRegionPath}authorities/`;
}

export function authorityPathOf(slug: string): string {
  return `/authorities/${slug}/`;
}

/**
 * Where a report's original upload and its Markdown can be downloaded. An upload of a type a browser
 * would render as a page (HTML, SVG, XML…) is published inside a ZIP (src/lib/downloads.ts): `packaged`.
 */
export function downloadPaths(report: { slug: string; source: { path: string } }): {
  original: string;
  markdown: string;
  packaged: boolean;
} {
  const ext = uploadExtension(report.source.path);
  const packaged = isPackaged(ext);
  return {
    original: `/downloads/${report.slug}/original.${ext}${packaged ? '.zip' : ''}`,
    markdown: `/downloads/${report.slug}/${report.slug}.md`,
    packaged,
  };
}

/**
 * The names a download is saved under (the links' `download` attribute): the report's title, not
 * original.docx — a folder of saved reports then reads as a list of titles. Characters no file system takes
 * (\\ / : * ? " < > | and controls) become _, and the name is bounded; a title of nothing usable gives the slug.
 */
export function downloadNames(report: { slug: string; title: string; source: { path: string } }): {
  original: string;
  markdown: string;
} {
  const title = [
    ...report.title
      .replace(/[\\/:*?"<>|\p{Cc}]/gu, '_')
      .replace(/\s+/g, ' ')
      .trim(),
  ]
    .slice(0, 80)
    .join('')
    .replace(/^[._ ]+|[. ]+$/g, '');
  const base = title || report.slug;
  const { packaged } = downloadPaths(report);
  const ext = uploadExtension(report.source.path);
  return { original: `${base}.${ext}${packaged ? '.zip' : ''}`, markdown: `${base}.md` };
}

/** A download's absolute address: on the downloads' own origin when there is one, else under the site. */
export function absoluteDownloadUrl(
  config: { site: string; base: string; downloadsOrigin: string | null },
  path: string,
): string {
  return config.downloadsOrigin ? `${config.downloadsOrigin}${path}` : absoluteUrl(config, path);
}

/**
 * The address of a download: under the site's base path, or, when the downloads are published on an
 * origin of their own (GONGKAI_DOWNLOADS_ORIGIN, so that no upload is ever served from the archive's
 * origin), under that origin.
 */
export function downloadHref(config: { base: string; downloadsOrigin: string | null }, path: string): string {
  return config.downloadsOrigin ? `${config.downloadsOrigin}${path}` : withBase(config.base, path);
}
