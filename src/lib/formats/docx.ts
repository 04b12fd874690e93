import mammoth from 'mammoth';
import { type ContainerText, UnusableUpload } from './index.ts';
import { checkZipContainer } from './zip-limits.ts';

/** An OLE compound file (D0 CF 11 E0): a Word 97–2003 .doc, or a .docx encrypted with a password. */
function isCompoundFile(bytes: Uint8Array): boolean {
  return bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
}

export async function readDocx(bytes: Uint8Array): Promise<ContainerText> {
  if (isCompoundFile(bytes))
    throw new UnusableUpload(
      '这不是 .docx：是旧版 Word（.doc）文件，或设有打开密码的加密 Word 文档',
      '请用 Word 打开，去掉密码后另存为 .docx 再上传',
    );
  // The reader gets the archive as checked, not the upload (zip-limits.ts says why).
  const checked = checkZipContainer(bytes);
  let text: string;
  try {
    text = (await mammoth.extractRawText({ buffer: Buffer.from(checked) })).value;
  } catch (error) {
    throw new UnusableUpload(`无法读取 Word 文档：${(error as Error).message}`, '请用 Word 另存为 .docx 后重新上传');
  }
  if (text.trim() === '')
    throw new UnusableUpload('Word 文档中没有文字', '请检查文档内容是否为图片，必要时先做文字识别（OCR）');
  return { text, encoding: null };
}
