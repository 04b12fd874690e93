/**
 * The report files on disk: which files under content/reports are reports, and reading one. The one
 * listing and the one reader for every stage (the ingest's clean-up, the content collection, the
 * report pages, the search index); the format itself is src/lib/report-file.ts.
 *
 * Listing is synchronous: the callers have nothing else to do meanwhile, and tens of thousands of
 * awaited readdir calls each cost a trip through libuv's thread pool dearer than the call.
 */
import { type Dirent, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Report } from '../lib/report.ts';
import { parseReportFile, REPORT_FILE_EXTENSION, ReportFileError } from '../lib/report-file.ts';

/**
 * Every report file under dir, relative to it, '/'-separated, sorted. Names starting with a dot are
 * not reports (an editor's swap file, a sync tool's folder), nor is an unfinished atomic write (it ends
 * in .tmp). A missing dir is an empty archive; any other error is thrown, naming the folder.
 */
export function listReportFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (folder: string, prefix: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && prefix === '') return;
      throw error;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = `${prefix}${entry.name}`;
      if (entry.isDirectory()) walk(join(folder, entry.name), `${path}/`);
      else if (entry.isFile() && entry.name.endsWith(REPORT_FILE_EXTENSION)) files.push(path);
    }
  };
  walk(dir, '');
  return files.sort();
}

/** A report file read and validated; an error names the file (as given) and each field at fault. */
export async function readReportFile(file: string): Promise<{ report: Report; body: string; text: string }> {
  return parseReportText(file, await readFile(file, 'utf8'));
}

/** parseReportFile, with the file named in its error. */
export function parseReportText(file: string, text: string): { report: Report; body: string; text: string } {
  try {
    return { ...parseReportFile(text), text };
  } catch (error) {
    if (error instanceof ReportFileError) throw new ReportFileError(`${file}: ${error.message}`, error.issues);
    throw error;
  }
}
