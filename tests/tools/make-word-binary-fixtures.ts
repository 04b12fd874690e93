/**
 * Writes the Word 97–2003 fixtures of tests/fixtures/word-binary/ (read by tests/unit/doc.test.ts) from a
 * real report (tests/fixtures/seeds/000_…): the fixtures are committed, and this tool only says how they
 * were made. It needs LibreOffice (Debian: apt-get install libreoffice-writer-nogui) and its Python UNO
 * bridge (python3-uno, installed with it):
 *
 *   npx tsx tests/tools/make-word-binary-fixtures.ts
 *
 * - report.txt: the source text, one paragraph a line (the tests compare the conversions with it);
 * - report.doc: that text laid out as a government report (.docx written with the `docx` package: title
 *   in 小标宋, 一、 headings in 黑体, （一） run-in headings in 楷体, body in 仿宋), saved by LibreOffice
 *   as "MS Word 97" — the binary format Word 97–2003 writes;
 * - report.wps: the same bytes. WPS Office (2005 and later) writes this very format — an OLE compound
 *   file holding a WordDocument stream — under the .wps extension, so a copy is a faithful .wps;
 * - encrypted.doc: report.doc saved again with an opening password ("secret"). LibreOffice's command
 *   line cannot do it (--convert-to ignores a Password filter option), so the document is stored through
 *   the UNO API with a Password property: a real RC4-encrypted .doc, fEncrypted set in its FIB;
 * - truncated.doc: the first 40% of report.doc's bytes (an interrupted download);
 * - not-ole.wps: not an OLE file at all, as an old WPS/Works document is: a small synthetic binary (a
 *   header of format words and GBK text with control codes), not a real Works file — the reader must
 *   only recognise that it is not the compound format.
 *
 * LibreOffice stamps the files with the time they were made: running the tool again changes their bytes,
 * not their text.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as CFB from 'cfb';
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import iconv from 'iconv-lite';

const OUT = 'tests/fixtures/word-binary';
const SEED = 'tests/fixtures/seeds/000_fa3c1ac41b8e6c63.txt';

/** The seed's paragraphs, trimmed (its first line starts with a stray space). */
const lines = readFileSync(SEED, 'utf8')
  .split(/\r?\n/)
  .map((l) => l.trim())
  .filter((l) => l !== '');

const pt = (points: number) => points * 2; // docx sizes are in half-points
const TITLE_LINES = 2;
const HEADING = /^[一二三四五六七八九十]+、/;
const SUB_HEADING = /^（[一二三四五六七八九十]+）/;

/** One line as the paragraph a report would give it: a run-in （一） heading keeps its first sentence in 楷体. */
function paragraphOf(line: string, index: number): Paragraph {
  if (index < TITLE_LINES)
    return new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: line, font: '方正小标宋简体', size: pt(22) })],
    });
  const body = { font: '仿宋_GB2312', size: pt(16) };
  const indent = { firstLine: 640 }; // two characters of 16 pt, in twips
  if (HEADING.test(line))
    return new Paragraph({ indent, children: [new TextRun({ text: line, font: '黑体', size: pt(16) })] });
  const sub = SUB_HEADING.exec(line);
  if (sub) {
    const end = line.indexOf('。') + 1 || line.length;
    return new Paragraph({
      indent,
      children: [
        new TextRun({ text: line.slice(0, end), font: '楷体_GB2312', size: pt(16), bold: true }),
        new TextRun({ text: line.slice(end), ...body }),
      ],
    });
  }
  // The salutation (县委、县政府：) stands at the margin; every other paragraph is indented.
  const children = [new TextRun({ text: line, ...body })];
  return new Paragraph(line.endsWith('：') ? { children } : { indent, children });
}

/** report.doc saved again with an opening password, through LibreOffice's UNO API (see the header). */
const ENCRYPT_PY = `
import sys, time, subprocess, uno
from com.sun.star.beans import PropertyValue
def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p
pipe = "gongkai-fixtures"
office = subprocess.Popen(["soffice", "--headless", "--invisible", "--norestore", "-env:UserInstallation=file://" + sys.argv[3],
                           "--accept=pipe,name=" + pipe + ";urp;"])
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
for attempt in range(120):
    try:
        ctx = resolver.resolve("uno:pipe,name=" + pipe + ";urp;StarOffice.ComponentContext")
        break
    except Exception:
        time.sleep(0.5)
else:
    office.kill(); sys.exit("LibreOffice did not answer on its UNO pipe")
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(sys.argv[1]), "_blank", 0, (prop("Hidden", True),))
doc.storeToURL(uno.systemPathToFileUrl(sys.argv[2]), (prop("FilterName", "MS Word 97"), prop("Password", "secret")))
doc.close(True)
try:
    desktop.terminate()
except Exception:
    pass  # the bridge closes as the office quits
office.wait(timeout=60)
`;

/** The FIB's fEncrypted bit (0x0100 of the word at 0x0A of the WordDocument stream), read from the file. */
function fibFlags(path: string): number {
  const entry = CFB.find(CFB.read(readFileSync(path), { type: 'buffer' }), 'WordDocument');
  if (!entry?.content) throw new Error(`${path}: no WordDocument stream`);
  const content = entry.content as Uint8Array;
  return (content[10] ?? 0) | ((content[11] ?? 0) << 8);
}

const work = mkdtempSync(join(tmpdir(), 'gongkai-word-binary-'));
try {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'report.txt'), `${lines.join('\n')}\n`);

  const docx = new Document({ sections: [{ children: lines.map(paragraphOf) }] });
  writeFileSync(join(work, 'report.docx'), await Packer.toBuffer(docx));
  // A profile of its own, so that a desktop LibreOffice that is running does not take the conversion over.
  const profile = `-env:UserInstallation=file://${join(work, 'profile')}`;
  execFileSync('soffice', [profile, '--headless', '--convert-to', 'doc', '--outdir', work, join(work, 'report.docx')], {
    stdio: 'inherit',
  });
  const doc = readFileSync(join(work, 'report.doc'));
  writeFileSync(join(OUT, 'report.doc'), doc);
  writeFileSync(join(OUT, 'report.wps'), doc);

  execFileSync(
    '/usr/bin/python3',
    ['-c', ENCRYPT_PY, join(work, 'report.doc'), join(work, 'encrypted.doc'), join(work, 'uno-profile')],
    {
      stdio: 'inherit',
      env: { ...process.env, PYTHONPATH: '/usr/lib/libreoffice/program' },
      timeout: 120_000,
    },
  );
  if (!(fibFlags(join(work, 'encrypted.doc')) & 0x0100))
    throw new Error('LibreOffice wrote encrypted.doc without the fEncrypted flag: was the password ignored?');
  copyFileSync(join(work, 'encrypted.doc'), join(OUT, 'encrypted.doc'));

  writeFileSync(join(OUT, 'truncated.doc'), doc.subarray(0, Math.floor(doc.length * 0.4)));

  // Format words, then text with control codes between its runs (as a pre-OLE word processor stores it).
  const header = Buffer.from([0x01, 0xfe, 0x32, 0x00, 0x00, 0x01, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x80, 0x00]);
  const text = iconv.encode('梁山县人民政府办公室\r\n关于2024年法治政府建设情况的报告\r\n县委、县政府：\r\n', 'gbk');
  const controls = Buffer.from([0x1b, 0x02, 0x00, 0x1c, 0x05, 0x00, 0x00, 0x00]);
  const body = Buffer.concat([header, Buffer.alloc(114), controls, text, controls]);
  writeFileSync(join(OUT, 'not-ole.wps'), Buffer.concat([body, Buffer.alloc(384 - body.length)]));

  for (const name of ['report.doc', 'report.wps', 'encrypted.doc', 'truncated.doc', 'not-ole.wps'])
    console.log(`${join(OUT, name)}: ${readFileSync(join(OUT, name)).length} bytes`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
