import { decodeText } from '../decode.ts';
import { type ContainerText, looksBinary, UnusableUpload } from './index.ts';

export function readText(bytes: Uint8Array): ContainerText {
  const decoded = decodeText(bytes);
  if (decoded.encoding === 'binary' || (looksBinary(bytes) && !decoded.encoding.startsWith('utf-16'))) {
    throw new UnusableUpload('不是文本文件（含有二进制内容）', '请上传 .txt、.html、.docx 或带文字层的 .pdf 文件');
  }
  return { text: decoded.text, encoding: decoded.encoding };
}
