/**
 * Writes tests/fixtures/formats/: one upload in each format a government site publishes besides text —
 * Word 97–2003 (.doc, saved by LibreOffice), OFD (laid out by tests/helpers/ofd-fixture.ts after GB/T 33190:
 * no OFD writer is packaged in Debian) and a scanned page (.png, printed by Chromium and rasterised by
 * pdftoppm, under a red 红头 and seal). The site tests build them with the sample archive (tests/setup), so
 * their texts are the seeds' a year earlier (every year named one less): other reports than the seeds,
 * by the same bodies, not copies of them.
 *
 *   npx tsx tests/tools/make-format-fixtures.ts     (needs LibreOffice: apt-get install libreoffice-writer-nogui)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { launchChromium } from '../../scripts/lib/bench/chromium.ts';
import { minimalDocx } from '../../scripts/lib/shared/corpus-generator.ts';
import { printedPdf, rasterise } from '../../scripts/lib/shared/scan-maker.ts';
import { makeOfd, rolesOf } from '../helpers/ofd-fixture.ts';

const OUT = 'tests/fixtures/formats';
const seed = (name: string) => readFileSync(join('tests/fixtures/seeds', name), 'utf8');

/** The report a year earlier: every year it names, one less (the 文号's year too). */
export function yearEarlier(text: string): string {
  return text.replace(/20\d\d/g, (year) => String(Number(year) - 1));
}

mkdirSync(OUT, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'gongkai-formats-'));
try {
  const wordLines = yearEarlier(seed('001_9a9185d006596f76.txt'))
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  writeFileSync(join(work, 'report.docx'), await minimalDocx(wordLines));
  execFileSync('soffice', [
    '--headless',
    `-env:UserInstallation=file://${join(work, 'profile')}`,
    '--convert-to',
    'doc:MS Word 97',
    '--outdir',
    work,
    join(work, 'report.docx'),
  ]);
  writeFileSync(join(OUT, '张官营镇2023年报告.doc'), readFileSync(join(work, 'report.doc')));

  const ofdLines = yearEarlier(seed('002_0c07f546518aa335.txt'))
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  writeFileSync(
    join(OUT, '台儿庄区2020年度报告.ofd'),
    makeOfd({
      lines: [...rolesOf(ofdLines), { text: '2021年1月20日', role: 'signature' }],
      docTitle: ofdLines[0] as string,
      creationDate: '2021-01-20T10:00:00',
      seed: 2020,
      shuffle: true,
    }),
  );

  const browser = await launchChromium();
  try {
    const lines = yearEarlier(seed('003_045163cef6a9308d.txt')).split('\n');
    const name = lines.find((line) => line.trim() !== '')?.trim() ?? '';
    const printed = await printedPdf(browser, lines, { redHeader: `${name}文件`, seal: name });
    // Page 1 only, at 200 dpi: a small scan (the recognition tests at every resolution are elsewhere).
    const [page] = rasterise(printed, 200, 1);
    // 16 colours: a scan's page is paper, ink and red; the file stays small in the repository.
    writeFileSync(
      join(OUT, '蓝山县政府办2021年度报告扫描件.png'),
      await sharp(page as Buffer)
        .png({ palette: true, colours: 16 })
        .toBuffer(),
    );
  } finally {
    await browser.close();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
