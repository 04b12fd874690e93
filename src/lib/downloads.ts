/**
 * How a report's original upload is published for download, so that opening the download can never run
 * anything as a page of the archive.
 *
 * An upload is whatever a department sent: a web page saved from another site keeps its <script>,
 * onload= and <iframe>. Served from the archive's own origin as `original.html`, a click on 下载原件 would
 * run that script as the archive (stored XSS on a government domain), whatever the `download` attribute
 * says (a link opened in a new tab, or typed, ignores it). The same holds for every type a browser renders
 * as a document: HTML, XHTML, SVG, XML, and types not known yet. So only types a browser shows inertly —
 * documents, images, plain text — are published as they are; every other upload is published inside a
 * ZIP archive that holds its bytes unchanged (the SHA-256 on the report page is that of the bytes in it).
 *
 * Pure: the ZIP is built in memory (fflate), byte-identical for the same upload on every machine.
 */
import { zipSync } from 'fflate';

/**
 * Extensions published as they are. None of them is rendered by a browser as a page that could run script
 * (PDF runs in the browser's sandboxed viewer, not as the site). Anything else is zipped: a list of what is
 * safe, never a list of what is dangerous, so a new upload format is safe until it is added here.
 */
const SERVED_AS_IS = new Set(['pdf', 'docx', 'doc', 'wps', 'ofd', 'txt', 'md', 'jpg', 'jpeg', 'png', 'tif', 'tiff']);

/** The upload's extension, lowercase ASCII ('bin' when it has none a URL can carry). */
export function uploadExtension(sourcePath: string): string {
  return /\.([A-Za-z0-9]{1,8})$/.exec(sourcePath)?.[1]?.toLowerCase() ?? 'bin';
}

/** Whether an upload of this extension is published inside a ZIP rather than as it is. */
export function isPackaged(extension: string): boolean {
  return !SERVED_AS_IS.has(extension.toLowerCase());
}

/**
 * The name the upload has inside its ZIP: its own file name, so that a journalist who unpacks it gets
 * what the department sent. Characters that an unpacking tool could read as a folder (\ on Windows, a
 * drive colon) or that no file system takes are replaced, so no entry can be written outside the folder
 * it is unpacked into.
 */
export function packagedEntryName(sourcePath: string): string {
  const base = sourcePath.split('/').pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const cleaned = base.replace(/[\\:*?"<>|\u0000-\u001f\u007f]/g, '_').replace(/^\.+/, '_');
  return cleaned === '' || cleaned === '_' ? `original.${uploadExtension(sourcePath)}` : cleaned;
}

/**
 * A ZIP holding the upload's bytes unchanged under packagedEntryName. The entry's time is fixed (DOS
 * time is local time: 1980-01-01 00:00 in the machine's own zone encodes the same on every machine), so
 * a rebuild writes the same bytes.
 */
export function packageOriginal(sourcePath: string, bytes: Uint8Array): Uint8Array {
  return zipSync({ [packagedEntryName(sourcePath)]: [bytes, { level: 6, mtime: new Date(1980, 0, 1) }] });
}

/**
 * The headers that make every download an attachment that runs nothing, on hosts that let a site set them:
 * saved, never shown as a page (Content-Disposition); run in a sandbox with nothing allowed should a
 * browser show it all the same (Content-Security-Policy); never sniffed as another type. The preview
 * server sends them, the deploy guides set them (scripts/deploy/), and the build writes them as a
 * `_headers` file for the hosts that read one (Netlify, Cloudflare Pages).
 */
export const DOWNLOAD_HEADERS: Readonly<Record<string, string>> = {
  'Content-Disposition': 'attachment',
  'Content-Security-Policy': "sandbox; default-src 'none'",
  'X-Content-Type-Options': 'nosniff',
};

/** A `_headers` file (Netlify, Cloudflare Pages) applying DOWNLOAD_HEADERS under the site's base path. */
export function hostHeadersFile(base: string): string {
  const lines = Object.entries(DOWNLOAD_HEADERS).map(([name, value]) => `  ${name}: ${value}`);
  return `# Written by npm run build: every download is saved, never shown as a page of the site.\n${base}downloads/*\n${lines.join('\n')}\n`;
}
