/**
 * Uploads as government sites publish them, in a real build (tests/fixtures/formats, built with the
 * sub-path site): a Word 97–2003 .doc, an OFD and a scanned page read by OCR each become a report page,
 * findable in search, whose original downloads byte for byte; the scan's page says its text was recognised.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningServer, serveStatic } from '../../scripts/lib/site/static-server.ts';
import { parseReportFile } from '../../src/lib/report-file.ts';
import { launchChromium } from '../helpers/browser.ts';

const site = inject('subpathSite');
const FIXTURES = 'tests/fixtures/formats';
const UPLOADS = {
  doc: '张官营镇2023年报告.doc',
  ofd: '台儿庄区2020年度报告.ofd',
  scan: '蓝山县政府办2021年度报告扫描件.png',
} as const;

function reportOf(upload: string) {
  const ledger = JSON.parse(readFileSync(join(site.root, 'ledger.json'), 'utf8')) as {
    sources: Record<string, { output: string | null }>;
  };
  const entry = ledger.sources[`其他格式/${upload}`];
  if (!entry?.output) throw new Error(`no report for ${upload}: ${site.stdout}`);
  return parseReportFile(readFileSync(join(site.reports, entry.output), 'utf8')).report;
}

let browser: Browser;
let server: RunningServer;
beforeAll(async () => {
  browser = await launchChromium();
  server = await serveStatic({ root: site.dist, base: site.base });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a .doc, an .ofd and a scan among the uploads', () => {
  it('each has its metadata, its page, and its original byte for byte', async () => {
    const expected = {
      doc: {
        format: 'doc',
        year: 2023,
        township: '张官营镇',
        title: /张官营镇人民政府关于2023年法治政府建设情况的报告/,
      },
      ofd: { format: 'ofd', year: 2020, county: '台儿庄区', title: /关于2020年度法治政府建设情况的报告/ },
      // OCR misreads the bold title's place name now and then (蓝 as 芋): the title is checked from its year on.
      scan: { format: 'image', year: 2021, county: '蓝山县', title: /2021年度法治政府建设工作报告$/ },
    };
    const page = await browser.newPage();
    for (const [kind, upload] of Object.entries(UPLOADS) as [keyof typeof UPLOADS, string][]) {
      const report = reportOf(upload);
      const want = expected[kind];
      expect(report.source.format, upload).toBe(want.format);
      expect(report.year, upload).toBe(want.year);
      expect(report.title, upload).toMatch(want.title);
      if ('township' in want) expect(report.region.township).toBe(want.township);
      if ('county' in want) expect(report.region.county).toBe(want.county);

      await page.goto(new URL(`reports/${report.slug}/`, server.url).href);
      await expect(page.locator('h1').textContent()).resolves.toMatch(want.title);
      const href = await page.locator('a[download]').first().getAttribute('href');
      const response = await page.request.get(new URL(href as string, server.url).href);
      const bytes = await response.body();
      const original = readFileSync(join(FIXTURES, upload));
      expect(createHash('sha256').update(bytes).digest('hex'), upload).toBe(report.source.sha256);
      expect(bytes.equals(original), upload).toBe(true);
    }
    await page.close();
  });

  it('the scan’s page says its text was recognised by OCR, before the text, and links the original', async () => {
    const report = reportOf(UPLOADS.scan);
    expect(report.source).toMatchObject({ ocr: true, ocrEngine: expect.stringMatching(/^tesseract/) });
    const page = await browser.newPage();
    await page.goto(new URL(`reports/${report.slug}/`, server.url).href);
    const note = page.locator('.report-main .text-origin');
    await expect(note.textContent()).resolves.toMatch(/由扫描件经文字识别（OCR）自动转换.*请以原件（图片）为准/);
    // Before the report's text, and read by a screen reader as a note.
    await expect(note.getAttribute('role')).resolves.toBe('note');
    const order = await page.evaluate(() => {
      const noteEl = document.querySelector('.text-origin');
      const body = document.querySelector('#report-body');
      return noteEl && body ? noteEl.compareDocumentPosition(body) & Node.DOCUMENT_POSITION_FOLLOWING : 0;
    });
    expect(order).toBeTruthy();
    const link = await note.locator('a').getAttribute('href');
    const download = await page.locator('a[download]').first().getAttribute('href');
    expect(link).toBe(download);
    // The text pages of the other formats say nothing of the kind.
    await page.goto(new URL(`reports/${reportOf(UPLOADS.doc).slug}/`, server.url).href);
    await expect(page.locator('.text-origin').count()).resolves.toBe(0);
    await page.close();
  });
});
