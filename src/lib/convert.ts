/**
 * One upload → one report (metadata + Markdown body). Pure: the caller reads the bytes and
 * writes the result. This first version handles plain text; later stages deepen each step.
 */
import { createHash } from 'node:crypto';
import { decodeText } from './decode.ts';
import { extractReport } from './extract.ts';
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
  const { body, ...fields } = extractReport(text, { path: input.path });
  const title = fields.title ?? input.path;
  const report: Report = {
    ...fields,
    title,
    added: input.added,
    source: { path: input.path, sha256, format: formatOf(input.path), encoding },
    slug: `${fields.year ?? 'nd'}-${asciiSlug(title, 40)}-${sha256.slice(0, 6)}`,
    duplicates: [],
  };
  return { report, body };
}
