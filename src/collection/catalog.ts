/**
 * The catalog's rows for the build's endpoints (reports.json, reports.csv, reports.zh.csv): every report's
 * metadata, permalink and download addresses. Server-side only: the addresses need the URL scheme, which the
 * search page's script must not carry.
 */
import { catalogRow } from '../lib/catalog.ts';
import type { Report } from '../lib/report.ts';
import { absoluteDownloadUrl, downloadPaths, reportPermalink } from '../lib/urls.ts';
import type { SiteConfig } from '../site.config.ts';

export function catalogRows(reports: readonly Report[], config: SiteConfig) {
  return reports.map((r) => {
    const paths = downloadPaths(r);
    return catalogRow(r, reportPermalink(config, r.slug), {
      original: absoluteDownloadUrl(config, paths.original),
      markdown: absoluteDownloadUrl(config, paths.markdown),
    });
  });
}
