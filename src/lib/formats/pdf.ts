import { extractText, getDocumentProxy } from 'unpdf';
import { textLayerVerdict } from '../recognition.ts';
import { unifyRadicals } from '../text-hygiene.ts';
import { type ContainerText, NeedsRecognition, UnusableUpload } from './index.ts';

export async function readPdf(bytes: Uint8Array): Promise<ContainerText> {
  let pages: string[];
  try {
    // verbosity 0: pdf.js reports every font-program oddity it repairs on the console — thousands of
    // lines per batch that say nothing to a webmaster (the text layer is read all the same).
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
    try {
      // Radicals for characters (⼼ for 心): what fonts print as one glyph, the text layer must not keep apart.
      pages = (await extractText(pdf, { mergePages: false })).text.map(unifyRadicals);
    } finally {
      // unpdf leaves a document it was handed open: without this, a worker keeps every PDF it has read.
      await pdf.destroy();
    }
  } catch (error) {
    // pdf.js says "No password given" / "Incorrect Password" (a PasswordException): say it for a person.
    if ((error as Error).name === 'PasswordException' || /password/i.test((error as Error).message))
      throw new UnusableUpload(
        'PDF 已加密（设有打开密码），无法读取文字',
        '请上传未加密的版本（在 PDF 软件中去掉打开密码后另存）',
      );
    throw new UnusableUpload(`无法读取 PDF：${(error as Error).message}`, '请确认文件是完整的 PDF，或改传 .docx/.txt');
  }
  // A scan has no text layer, a poor one has text that is no reading of the page: either is recognised
  // again from its pictures (the ingest's OCR), never published as it is.
  const verdict = textLayerVerdict(pages);
  if (!verdict.usable) throw new NeedsRecognition(`PDF ${verdict.reason}`, 'pdf');
  return { text: pages.join('\n'), encoding: null };
}
