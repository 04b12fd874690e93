/**
 * Uploads in every container format, made from real report text: docx (written with the `docx`
 * package), PDF with and without a text layer (pdf-lib), a government-style HTML page.
 */
import { Document, Packer, Paragraph } from 'docx';
import { PDFDocument, StandardFonts } from 'pdf-lib';

export async function makeDocx(lines: string[]): Promise<Uint8Array> {
  const doc = new Document({ sections: [{ children: lines.map((text) => new Paragraph({ text })) }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** A PDF whose text layer holds the given (Latin) lines: the standard fonts cannot encode Chinese. */
export async function makePdf(lines: string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const [i, line] of lines.entries()) page.drawText(line, { x: 40, y: 800 - i * 16, size: 11, font });
  return pdf.save({ useObjectStreams: false });
}

/** A scan: a page with no text layer at all. */
export async function makeScannedPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  page.drawRectangle({ x: 40, y: 40, width: 500, height: 700 });
  return pdf.save();
}

export function makeGovernmentPage(
  title: string,
  paragraphs: string[],
  meta: { published: string; source: string },
): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}_某某县人民政府</title>
<meta name="ArticleTitle" content="${title}"><meta name="PubDate" content="${meta.published} 09:30">
<meta name="ContentSource" content="${meta.source}"><script>var tracker = 1;</script>
<link rel="canonical" href="https://www.example.gov.cn/zwgk/2025/1.html"></head>
<body><header><nav><a href="/">首页</a> <a href="/zwgk">政务公开</a></nav></header>
<div class="crumbs">当前位置：首页 > 政务公开 > 法治政府建设</div>
<h1>${title}</h1><div class="info">发布时间：${meta.published} 来源：${meta.source} 【字体：大 中 小】</div>
<div class="TRS_Editor">${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</div>
<footer>主办：某某县人民政府办公室 网站标识码：1234567890</footer></body></html>`;
}
