/**
 * OCR accuracy and speed (issue 23's targets), on its own — it takes minutes of Tesseract:
 *
 *   npx tsx scripts/lib/bench/ocr-accuracy.ts [--seeds DIR] [--pages N] [--workers N] [--out FILE.json]
 *
 * Each seed report (tests/fixtures/seeds: real reports) is printed as a government prints it, rasterised,
 * damaged as scanners damage pages — clean at 300 dpi, 150 dpi, turned 90°, under a red 红头 and seal, with
 * speckle — and put into a PDF without a text layer. The ingest's own OCR (recognize.ts, every core, no
 * cache) reads it back. Per kind of scan: character accuracy against the printed text, pages per second per
 * core, and whether the metadata extracted from the recognised text equals that from the original text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { convertSource } from '../../../src/lib/convert.ts';
import { characterAccuracy } from '../../../src/lib/recognition.ts';
import { CONFIG_DEFAULTS } from '../../../src/site.config.ts';
import { findOcrEngine, recognizeAll } from '../ingest/recognize.ts';
import { readArgs } from '../shared/cli-args.ts';
import { PROJECT_ROOT } from '../shared/project-root.ts';
import {
  damage,
  imagePdf,
  printedPdf,
  rasterise,
  type ScanDamage,
  type ScanLook,
  textOfFirstPages,
} from '../shared/scan-maker.ts';
import { launchChromium } from './chromium.ts';

export interface ScanKind {
  name: string;
  look: ScanLook;
  damage: ScanDamage;
}

export const SCAN_KINDS: ScanKind[] = [
  { name: 'clean 300 dpi', look: {}, damage: { dpi: 300 } },
  { name: '150 dpi', look: {}, damage: { dpi: 150 } },
  { name: 'turned 90°', look: {}, damage: { dpi: 300, rotate: 90 } },
  { name: '红头 + seal', look: { redHeader: 'RED', seal: 'SEAL' }, damage: { dpi: 300 } },
  { name: 'speckle 1%', look: {}, damage: { dpi: 300, noise: 0.01, seed: 3 } },
  { name: 'two columns', look: { columns: 2 }, damage: { dpi: 300 } },
];

/** The text a scan of these lines shows (what the printed page says, the red header and seal apart). */
export function printedText(lines: string[]): string {
  return lines.join('');
}

/** The fields a reader cites, compared between the original text and the recognised one. */
const FIELDS = ['title', 'authority', 'year', 'published', 'level'] as const;

interface KindResult {
  kind: string;
  pages: number;
  seconds: number;
  pagesPerSecondPerCore: number;
  accuracy: number;
  minAccuracy: number;
  metadataEqual: number;
  reports: number;
  differences: string[];
}

async function main(): Promise<void> {
  const args = {
    values: readArgs(
      'npx tsx scripts/lib/bench/ocr-accuracy.ts [--seeds DIR] [--pages N] [--workers N] [--dpi N] [--out FILE.json]',
      {
        seeds: { type: 'string' },
        pages: { type: 'string' },
        workers: { type: 'string' },
        dpi: { type: 'string' },
        out: { type: 'string' },
      },
    ),
  };
  const seedsDir = resolve(args.values.seeds ?? join(PROJECT_ROOT, 'tests/fixtures/seeds'));
  const maxPages = args.values.pages ? Number(args.values.pages) : undefined;
  const settings = {
    ...CONFIG_DEFAULTS.ocr,
    ...(args.values.workers ? { workers: Number(args.values.workers) } : {}),
    ...(args.values.dpi ? { dpi: Number(args.values.dpi) } : {}),
  };
  const engine = findOcrEngine(settings.languages);
  if (!engine.ok) throw new Error(`OCR engine missing: ${engine.missing}`);
  const seeds = readdirSync(seedsDir)
    .filter((name) => name.endsWith('.txt'))
    .sort();
  const browser = await launchChromium();
  const results: KindResult[] = [];
  try {
    for (const kind of SCAN_KINDS) {
      const jobs: { path: string; pdf: Uint8Array; truth: string; original: Uint8Array }[] = [];
      for (const seed of seeds) {
        const original = readFileSync(join(seedsDir, seed));
        const lines = new TextDecoder().decode(original).split('\n');
        const name = lines.find((line) => line.trim() !== '')?.trim() ?? '';
        const look: ScanLook = {
          ...(kind.look.redHeader ? { redHeader: `${name}文件` } : {}),
          ...(kind.look.seal ? { seal: name } : {}),
          ...(kind.look.columns ? { columns: kind.look.columns } : {}),
        };
        const printed = await printedPdf(browser, lines, look);
        const pages = rasterise(printed, kind.damage.dpi, maxPages);
        const damaged = await Promise.all(pages.map((png) => damage(png, kind.damage)));
        // With a page limit, the truth is the text of those pages: the printed PDF's own text layer says which.
        const truth = maxPages ? await textOfFirstPages(printed, pages.length, printedText(lines)) : printedText(lines);
        jobs.push({ path: seed.replace(/\.txt$/, '.pdf'), pdf: await imagePdf(browser, damaged), truth, original });
      }
      const started = performance.now();
      const recognitions = await recognizeAll(
        jobs.map((job) => ({ path: job.path, kind: 'pdf' as const, sha256: job.path, load: async () => job.pdf })),
        { settings, cacheDir: null },
      );
      const seconds = (performance.now() - started) / 1000;
      let pages = 0;
      let equal = 0;
      const accuracies: number[] = [];
      const differences: string[] = [];
      for (const [i, job] of jobs.entries()) {
        const recognition = recognitions[i];
        if (!recognition?.ok) {
          differences.push(`${job.path}: ${recognition?.error.message}`);
          accuracies.push(0);
          continue;
        }
        pages += recognition.pages;
        accuracies.push(characterAccuracy(recognition.text, job.truth));
        const fromText = (await convertSource({ path: job.path.replace(/\.pdf$/, '.txt'), bytes: job.original }))
          .fields;
        const fromScan = (
          await convertSource({
            path: job.path,
            bytes: job.pdf,
            text: {
              from: 'ocr',
              text: recognition.text,
              engine: recognition.engine.version,
              model: recognition.engine.model,
            },
          })
        ).fields;
        const region = (f: typeof fromText) => JSON.stringify(f.region);
        const wrong = FIELDS.filter((field) => JSON.stringify(fromText[field]) !== JSON.stringify(fromScan[field]));
        if (region(fromText) !== region(fromScan)) wrong.push('region' as never);
        if (wrong.length === 0) equal++;
        else
          differences.push(
            `${job.path}: ${wrong.map((f) => `${f} ${JSON.stringify((fromText as Record<string, unknown>)[f])} → ${JSON.stringify((fromScan as Record<string, unknown>)[f])}`).join('; ')}`,
          );
      }
      const result: KindResult = {
        kind: kind.name,
        pages,
        seconds: Math.round(seconds * 10) / 10,
        pagesPerSecondPerCore: Math.round((pages / seconds / settings.workers) * 100) / 100,
        accuracy: Math.round((accuracies.reduce((a, b) => a + b, 0) / accuracies.length) * 10000) / 10000,
        minAccuracy: Math.round(Math.min(...accuracies) * 10000) / 10000,
        metadataEqual: equal,
        reports: jobs.length,
        differences,
      };
      results.push(result);
      console.log(JSON.stringify(result));
    }
  } finally {
    await browser.close();
  }
  const report = {
    engine: engine.engine,
    workers: settings.workers,
    dpi: settings.dpi,
    maxPages: maxPages ?? null,
    results,
  };
  if (args.values.out) await writeFile(args.values.out, `${JSON.stringify(report, null, 2)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
