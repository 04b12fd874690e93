/**
 * OCR end to end, with the machine's Tesseract and poppler (.ci/run installs them): scans made in the test
 * from a real seed report (scripts/lib/shared/scan-maker.ts), read back by the ingest. One page per kind
 * of scan here; every page of every seed, and the targets, are the benchmark's
 * (scripts/lib/bench/ocr-accuracy.ts, scripts/BENCHMARKS.md).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../scripts/lib/ingest/engine.ts';
import { findOcrEngine, type OcrSettings, recognizeAll } from '../../scripts/lib/ingest/recognize.ts';
import {
  damage,
  imagePdf,
  mojibake,
  printedPdf,
  rasterise,
  type ScanDamage,
  type ScanLook,
  textOfFirstPages,
} from '../../scripts/lib/shared/scan-maker.ts';
import { convertSource } from '../../src/lib/convert.ts';
import { characterAccuracy } from '../../src/lib/recognition.ts';
import { parseReportFile } from '../../src/lib/report-file.ts';
import { CONFIG_DEFAULTS } from '../../src/site.config.ts';
import { launchChromium } from '../helpers/browser.ts';
import { treeHashes } from '../helpers/tree-hashes.ts';

const SEED = join(import.meta.dirname, '../fixtures/seeds/000_fa3c1ac41b8e6c63.txt');
const seedText = readFileSync(SEED, 'utf8');
const lines = seedText.split('\n');
const SETTINGS: OcrSettings = { ...CONFIG_DEFAULTS.ocr, workers: 2 };

let browser: Browser;
let dir: string;
let printed: Uint8Array;
/** Page 1 and 2 of the report as printed, as 300 dpi PNGs (no red). */
let pages: Buffer[];
beforeAll(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), 'gongkai-ocr-test-'));
  printed = await printedPdf(browser, lines);
  pages = rasterise(printed, 300, 2);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Page 1 of the report printed with this look, scanned with this damage; and the text it shows. */
async function scanOfFirstPage(look: ScanLook, how: ScanDamage): Promise<{ pdf: Uint8Array; truth: string }> {
  const print = Object.keys(look).length > 0 ? await printedPdf(browser, lines, look) : printed;
  const [page] = rasterise(print, how.dpi, 1);
  return {
    pdf: await imagePdf(browser, [await damage(page as Buffer, how)]),
    truth: await textOfFirstPages(print, 1, seedText),
  };
}

describe('OCR of scans made from a real report', () => {
  it('has an engine on this machine (.ci/run installs it)', () => {
    expect(findOcrEngine(SETTINGS.languages)).toMatchObject({
      ok: true,
      engine: { version: expect.stringMatching(/^tesseract \d/) },
    });
  });

  it('reads page 1 clean, at 150 dpi, turned 90°, under a 红头 and seal, speckled and in two columns, each close to the printed text', async () => {
    const name = lines[0]?.trim() as string;
    const kinds: { kind: string; look: ScanLook; how: ScanDamage; floor: number }[] = [
      { kind: 'clean 300 dpi', look: {}, how: { dpi: 300 }, floor: 0.96 },
      { kind: '150 dpi', look: {}, how: { dpi: 150 }, floor: 0.94 },
      { kind: 'turned 90°', look: {}, how: { dpi: 300, rotate: 90 }, floor: 0.94 },
      { kind: '红头 + seal', look: { redHeader: `${name}文件`, seal: name }, how: { dpi: 300 }, floor: 0.94 },
      { kind: 'speckle 1%', look: {}, how: { dpi: 300, noise: 0.01, seed: 5 }, floor: 0.94 },
      // Read column by column: line by line across both would score far below this.
      { kind: 'two columns', look: { columns: 2 }, how: { dpi: 300 }, floor: 0.9 },
    ];
    const scans = await Promise.all(kinds.map(({ look, how }) => scanOfFirstPage(look, how)));
    const results = await recognizeAll(
      scans.map(({ pdf }, i) => ({ path: `${i}.pdf`, kind: 'pdf' as const, sha256: String(i), load: async () => pdf })),
      { settings: SETTINGS, cacheDir: null },
    );
    const accuracies = results.map((result, i) => {
      if (!result.ok) throw result.error;
      return characterAccuracy(result.text, (scans[i] as { truth: string }).truth);
    });
    // Printed for the log: the figures the benchmark measures over every page.
    console.log(kinds.map(({ kind }, i) => `${kind}: ${((accuracies[i] as number) * 100).toFixed(1)} %`).join(' · '));
    for (const [i, { floor }] of kinds.entries()) expect(accuracies[i]).toBeGreaterThan(floor);

    // The metadata read from the recognised page is the metadata read from the report's own text.
    const clean = results[0] as { ok: true; text: string; engine: { version: string; model: string } };
    const fromText = (await convertSource({ path: 'a/report.txt', bytes: new TextEncoder().encode(seedText) })).fields;
    const fromScan = (
      await convertSource({
        path: 'a/report.pdf',
        bytes: (scans[0] as { pdf: Uint8Array }).pdf,
        text: { from: 'ocr', text: clean.text, engine: clean.engine.version, model: clean.engine.model },
      })
    ).fields;
    expect({ year: fromScan.year, level: fromScan.level, region: fromScan.region }).toEqual({
      year: fromText.year,
      level: fromText.level,
      region: fromText.region,
    });
    expect(fromScan.source).toMatchObject({ format: 'pdf', ocr: true, ocrEngine: clean.engine.version });
  });
});

describe('the ingest with scans among the uploads', () => {
  it('recognises scans, photos and garbage text layers, not real ones; caches; a transcript takes precedence; a missing engine fails only those', async () => {
    const sources = join(dir, 'sources');
    const reports = join(dir, 'reports');
    const cache = join(dir, 'ocr-cache');
    mkdirSync(sources, { recursive: true });
    const name = lines[0]?.trim() as string;
    const sealed = rasterise(await printedPdf(browser, lines, { redHeader: `${name}文件`, seal: name }), 300, 2);
    writeFileSync(join(sources, 'scan.pdf'), await imagePdf(browser, sealed));
    writeFileSync(
      join(sources, 'photo.jpg'),
      await sharp(await damage(pages[0] as Buffer, { dpi: 300, rotate: 90 }))
        .jpeg({ quality: 85 })
        .toBuffer(),
    );
    writeFileSync(join(sources, 'garbage-layer.pdf'), await imagePdf(browser, pages.slice(0, 1), mojibake(600)));
    writeFileSync(join(sources, 'typed.pdf'), printed);
    writeFileSync(
      join(sources, 'broken.png'),
      (
        await sharp(pages[0] as Buffer)
          .png()
          .toBuffer()
      ).subarray(0, 3000),
    );
    writeFileSync(join(sources, 'notes.txt'), seedText.replace('梁山县', '嘉祥县'));

    const recognised: string[] = [];
    const ingest = () =>
      runIngest({
        sources,
        reports,
        today: '2026-12-07',
        cacheDir: null,
        ocr: SETTINGS,
        ocrCacheDir: cache,
        onRecognizedPage: (_done, _total, path) => recognised.push(path),
      });
    const first = await ingest();
    expect(first.failed.map((f) => f.path)).toEqual(['broken.png']);
    expect(first.failed[0]?.message).toMatch(/图片无法(读取|解码)/);
    expect(first.added.sort()).toEqual(['garbage-layer.pdf', 'notes.txt', 'photo.jpg', 'scan.pdf', 'typed.pdf']);
    // Pages recognised: 2 of the scan, 1 photo, 1 page under the garbage layer; none of the typed PDF
    // (the broken image's one page was attempted: its header reads, its pixels do not).
    expect(recognised.sort()).toEqual(['broken.png', 'garbage-layer.pdf', 'photo.jpg', 'scan.pdf', 'scan.pdf']);
    const reportOf = (upload: string) => {
      const entry = JSON.parse(readFileSync(join(dir, 'ledger.json'), 'utf8')).sources[upload];
      return parseReportFile(readFileSync(join(reports, entry.output), 'utf8'));
    };
    for (const upload of ['scan.pdf', 'photo.jpg', 'garbage-layer.pdf']) {
      const { report, body } = reportOf(upload);
      expect(report.source).toMatchObject({
        ocr: true,
        ocrEngine: expect.stringMatching(/^tesseract/),
        ocrModel: expect.stringMatching(/chi_sim/),
      });
      expect({ upload, county: report.region.county, title: report.title }).toMatchObject({ county: '梁山县' });
      expect(body).toMatch(/法治政府建设/);
    }
    expect(reportOf('typed.pdf').report.source.ocr).toBeUndefined();
    // The webmaster is told the text is recognised, and how to correct it.
    const warning = first.warnings.find((w) => w.path === 'scan.pdf' && /OCR/.test(w.message));
    expect(warning?.hint).toMatch(/scan\.ocr\.txt/);

    // Unchanged scans: no OCR at all, and the same bytes.
    const before = await treeHashes(reports);
    recognised.length = 0;
    const second = await ingest();
    // (The broken image failed, so it is tried again — its pixels fail to decode at once, as before.)
    expect(recognised).toEqual(['broken.png']);
    expect(second.unchanged).toBe(5);
    expect(await treeHashes(reports)).toEqual(before);

    // A transcript beside the scan is its text from now on (and is no upload of its own).
    const corrected = `${seedText.split('\n').slice(0, 8).join('\n')}\n（经人工校对）\n`;
    writeFileSync(join(sources, 'scan.ocr.txt'), corrected);
    recognised.length = 0;
    const third = await ingest();
    expect(third.updated).toEqual(['scan.pdf']);
    expect(recognised).toEqual(['broken.png']);
    const transcribed = reportOf('scan.pdf');
    expect(transcribed.report.source).toMatchObject({ transcript: 'scan.ocr.txt' });
    expect(transcribed.report.source.ocr).toBeUndefined();
    expect(transcribed.body).toMatch(/经人工校对/);

    // Another engine (a Tesseract upgrade: here a wrapper that reports another version): the recognised
    // uploads are recognised again, the transcribed one and the rest are not converted again.
    const upgraded = join(dir, 'upgraded-engine');
    mkdirSync(upgraded, { recursive: true });
    writeFileSync(
      join(upgraded, 'tesseract'),
      '#!/bin/sh\nif [ "$1" = "--version" ]; then echo "tesseract 99.0.0"; exit 0; fi\nexec /usr/bin/tesseract "$@"\n',
      { mode: 0o755 },
    );
    const realPath = process.env.PATH;
    process.env.PATH = `${upgraded}:${realPath}`;
    try {
      recognised.length = 0;
      const fourth = await ingest();
      expect(fourth.updated.sort()).toEqual(['garbage-layer.pdf', 'photo.jpg']);
      expect(recognised.sort()).toEqual(['broken.png', 'garbage-layer.pdf', 'photo.jpg']);
      expect(reportOf('photo.jpg').report.source.ocrEngine).toBe('tesseract 99.0.0');
    } finally {
      process.env.PATH = realPath;
    }

    // No engine on the machine: the uploads that need it fail with the install command, the rest goes on.
    rmSync(reports, { recursive: true, force: true });
    rmSync(join(dir, 'ledger.json'), { force: true });
    rmSync(join(sources, 'scan.ocr.txt'));
    const path = process.env.PATH;
    process.env.PATH = join(dir, 'no-tools');
    try {
      const blind = await runIngest({
        sources,
        reports,
        today: '2026-12-07',
        cacheDir: null,
        ocr: SETTINGS,
        ocrCacheDir: null,
      });
      const failed = Object.fromEntries(blind.failed.map((f) => [f.path, f]));
      for (const upload of ['scan.pdf', 'photo.jpg', 'garbage-layer.pdf']) {
        expect(failed[upload]?.message).toMatch(/没有安装文字识别引擎 tesseract/);
        expect(failed[upload]?.hint).toMatch(/apt-get install -y tesseract-ocr tesseract-ocr-chi-sim/);
      }
      expect(blind.added.sort()).toEqual(['notes.txt', 'typed.pdf']);
    } finally {
      process.env.PATH = path;
    }
  }, 240_000);

  it('refuses a scan past the page or pixel limit with the limit named, without reading it', async () => {
    const pdf = await imagePdf(browser, pages.slice(0, 2));
    const png = await sharp(pages[0] as Buffer)
      .png()
      .toBuffer();
    const [tooLong, tooLarge] = await recognizeAll(
      [
        { path: 'long.pdf', kind: 'pdf', sha256: 'a', load: async () => pdf },
        { path: 'large.png', kind: 'image', sha256: 'b', load: async () => png },
      ],
      { settings: { ...SETTINGS, maxPages: 1, maxPixels: 1_000_000 }, cacheDir: null },
    );
    expect(tooLong).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/有 2 页，超过文字识别的上限 1 页/) },
    });
    expect(tooLarge).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/图片过大（\d+×3508 像素），超过文字识别的上限 1 百万像素/) },
    });
  });
});
