import { extractText, getDocumentProxy } from 'unpdf';
import { type ContainerText, UnusableUpload } from './index.ts';

export async function readPdf(bytes: Uint8Array): Promise<ContainerText> {
  let pages: string[];
  try {
    // verbosity 0: pdf.js reports every font-program oddity it repairs on the console — thousands of
    // lines per batch that say nothing to a webmaster (the text layer is read all the same).
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
    try {
      pages = (await extractText(pdf, { mergePages: false })).text;
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
  const text = pages.join('\n');
  // A scan has no text layer: publishing it would publish an empty report.
  if (text.replace(/\s/g, '').length < 20) {
    throw new UnusableUpload(
      'PDF 没有文字层（可能是扫描件），需要先做文字识别（OCR）',
      '请对 PDF 做 OCR 后重新上传，或上传原始 Word/文本版本',
    );
  }
  return { text, encoding: null };
}
