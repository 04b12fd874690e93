/**
 * One upload → one report (metadata + Markdown body). Pure: the caller reads the bytes and
 * writes the result. This first version handles plain text; later stages deepen each step.
 */
import { createHash } from 'node:crypto';
import { decodeText } from './decode.ts';
import type { Report, SourceFormat } from './report.ts';
import { asciiSlug } from './urls.ts';

export interface SourceInput {
  /** Path relative to content/sources, forward slashes. */
  path: string;
  bytes: Uint8Array;
  /** YYYY-MM-DD the archive first saw this source. */
  added: string;
}

export interface Converted {
  report: Report;
  body: string;
}

function formatOf(path: string): SourceFormat {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return ext === 'md' ? 'md' : 'txt';
}

export function convertSource(input: SourceInput): Converted {
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const { text, encoding } = decodeText(input.bytes);
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const titleIndex = lines.findIndex((l) => /报告$/.test(l));
  const title = titleIndex >= 0 ? lines.slice(0, titleIndex + 1).join('') : (lines[0] ?? input.path);
  const year = Number(/(20\d\d)\s*年/.exec(title)?.[1]) || null;
  const body = lines.slice(titleIndex + 1).join('\n\n');
  const report: Report = {
    title,
    authority: null,
    year,
    region: { province: null, city: null, county: null, township: null, code: null },
    level: null,
    docNumber: null,
    addressee: null,
    published: null,
    added: input.added,
    source: { path: input.path, sha256, format: formatOf(input.path), encoding },
    slug: `${year ?? 'nd'}-${asciiSlug(title, 40)}-${sha256.slice(0, 6)}`,
    duplicates: [],
    warnings: [],
  };
  return { report, body };
}
