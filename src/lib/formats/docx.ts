import mammoth from 'mammoth';
import { type ContainerText, UnusableUpload } from './index.ts';

export async function readDocx(bytes: Uint8Array): Promise<ContainerText> {
  let text: string;
  try {
    text = (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value;
  } catch (error) {
    throw new UnusableUpload(`无法读取 Word 文档：${(error as Error).message}`, '请用 Word 另存为 .docx 后重新上传');
  }
  if (text.trim() === '')
    throw new UnusableUpload('Word 文档中没有文字', '请检查文档内容是否为图片，必要时先做文字识别（OCR）');
  return { text, encoding: null };
}
