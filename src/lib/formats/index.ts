/**
 * Container formats → text (+ whatever metadata the container carries). One module per format;
 * this one picks the module by file extension. Pure: bytes in, text out.
 */
import type { PageMetadata } from '../extract.ts';
import type { SourceFormat } from '../report.ts';
import { readDoc } from './doc.ts';
import { readDocx } from './docx.ts';
import { readHtml } from './html.ts';
import { readOfd } from './ofd.ts';
import { readPdf } from './pdf.ts';
import { readText } from './text.ts';

export interface ContainerText {
  text: string;
  /** Text encoding detected (text and HTML formats), null for docx/pdf. */
  encoding: string | null;
  page?: PageMetadata;
}

/** An upload that cannot become a report, with what the webmaster can do about it. */
export class UnusableUpload extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'UnusableUpload';
  }
}

/**
 * An upload whose text must be recognised from its pictures (a scan, a photo, a PDF whose text layer is
 * missing or garbage). The core cannot do it (it does no I/O): the ingest runs the OCR engine and
 * converts the upload again with the recognised text (SourceInput.recognized).
 */
export class NeedsRecognition extends UnusableUpload {
  constructor(
    /** Why, for the webmaster when no OCR engine is at hand. */
    message: string,
    readonly kind: 'pdf' | 'image',
  ) {
    super(message, '请在旁边放一个同名的 .ocr.txt 文字稿，或安装文字识别（OCR）引擎');
    this.name = 'NeedsRecognition';
  }
}

const EXTENSIONS: Record<string, SourceFormat> = {
  txt: 'txt',
  text: 'txt',
  md: 'md',
  markdown: 'md',
  html: 'html',
  htm: 'html',
  shtml: 'html',
  docx: 'docx',
  doc: 'doc',
  wps: 'wps',
  ofd: 'ofd',
  pdf: 'pdf',
  jpg: 'image',
  jpeg: 'image',
  png: 'image',
  tif: 'image',
  tiff: 'image',
};

export function formatOf(path: string): SourceFormat | undefined {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? undefined : EXTENSIONS[path.slice(dot + 1).toLowerCase()];
}

export const SUPPORTED_EXTENSIONS = Object.keys(EXTENSIONS);

/** What a webmaster may upload, for the message about a file of another type. */
export const UPLOAD_TYPES_HINT =
  '请上传 .txt、.md、.html、.docx、.doc、.wps、.ofd、.pdf 或图片（.jpg、.png、.tif）文件';

/** Bytes that are not text at all (NUL bytes, control characters) in a supposedly textual upload. */
export function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 4096);
  // UTF-16 has NULs by nature: its BOM (or alternating NULs) is checked by the decoder first.
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff)) return false;
  let control = 0;
  for (const b of sample) if (b === 0 || (b < 9 && b !== 0) || (b > 13 && b < 32 && b !== 27)) control++;
  return sample.length > 0 && control / sample.length > 0.02;
}

export async function readContainer(format: SourceFormat, bytes: Uint8Array): Promise<ContainerText> {
  if (bytes.length === 0) throw new UnusableUpload('文件为空', '请重新上传完整的文件');
  switch (format) {
    case 'txt':
    case 'md':
      return readText(bytes);
    case 'html':
      return readHtml(bytes);
    case 'docx':
      return readDocx(bytes);
    case 'doc':
    case 'wps':
      return readDoc(bytes, format);
    case 'ofd':
      return readOfd(bytes);
    case 'pdf':
      return readPdf(bytes);
    case 'image':
      throw new NeedsRecognition('图片（扫描件或照片）', 'image');
  }
}
