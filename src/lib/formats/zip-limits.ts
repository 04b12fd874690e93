/**
 * Bounds for ZIP containers (.docx, .ofd) before a library unpacks them: a 50 KB upload can
 * hold gigabytes that inflate into memory (a "zip bomb": the ingest ran out of heap and died without a
 * summary). Two checks, both without holding more than the limit:
 * - the sizes the archive declares (its central directory, which the Word readers follow);
 * - the bytes each entry really inflates to, counted as they stream out and stopped at the limit,
 *   because declared sizes can lie.
 * XML parts that declare a DOCTYPE are refused too: neither Word nor an OFD writer emits one, and entity
 * declarations are how an XML bomb multiplies itself (and made the Word reader fail with "entity not found").
 *
 * The two views of an archive can disagree — the central directory may list entries the stream does
 * not hold, or point a name at other bytes than the ones streamed — so the reader is not given the
 * upload itself: it gets a new archive made of exactly the entries that were streamed and counted, and
 * an upload whose directory names other entries than its stream is refused.
 */
import { Unzip, UnzipInflate, unzipSync, zipSync } from 'fflate';
import { UnusableUpload } from './index.ts';

export const ZIP_LIMITS = {
  /** All entries together, inflated. */
  totalBytes: 256 * 1024 * 1024,
  /** Inflated ÷ compressed for an entry larger than 1 MB inflated (real Word XML: 5–20). */
  ratio: 200,
  entries: 20_000,
} as const;

const MB = 1024 * 1024;

/** How the messages name a container format and what they tell the webmaster to do with a refused file. */
export interface ZipFormat {
  /** 'Word 文档' */
  kind: string;
  /** '.docx' */
  extension: string;
  /** Why a DOCTYPE is out of place in this format. */
  noDoctype: string;
  /** What to do with a damaged file or one declaring a DOCTYPE. */
  repair: string;
  /** What to do with a suspected zip bomb (before "if it really is that large, split it"). */
  resave: string;
}

export const WORD_ZIP: ZipFormat = {
  kind: 'Word 文档',
  extension: '.docx',
  noDoctype: 'Word 不会生成这样的文件',
  repair: '请用 Word 打开后另存为 .docx 再上传',
  resave: '请用 Word 等软件打开后重新另存为 .docx 再上传',
};

export const OFD_ZIP: ZipFormat = {
  kind: 'OFD 文件',
  extension: '.ofd',
  noDoctype: 'GB/T 33190 的 OFD 文件不含这样的声明',
  repair: '请用 OFD 阅读器打开核对，另存为 .ofd 或导出为 PDF 后再上传',
  resave: '请用 OFD 阅读器打开后重新另存为 .ofd 或导出为 PDF 再上传',
};

function bomb(detail: string, format: ZipFormat): UnusableUpload {
  return new UnusableUpload(
    `压缩内容异常（${detail}），疑似“压缩炸弹”，为安全起见未读取`,
    `${format.resave}；若文件确实如此之大，请拆分后上传`,
  );
}

/**
 * The container checked, as the archive to hand to its reader: the entries as streamed and counted
 * (stored, not compressed again); the upload's own bytes when the stream could not be read to its end
 * (a damaged file: the reader's own message then says more, the declared sizes having passed).
 */
export function checkZipContainer(
  bytes: Uint8Array,
  /** The format the messages name; a bare string is the kind of a Word-like container (the former parameter). */
  as: ZipFormat | string = WORD_ZIP,
  limits: { totalBytes: number; ratio: number; entries: number } = ZIP_LIMITS,
): Uint8Array {
  const format = typeof as === 'string' ? { ...WORD_ZIP, kind: as } : as;
  const { kind } = format;
  let declared = 0;
  let count = 0;
  const listed: string[] = [];
  try {
    unzipSync(bytes, {
      filter: (file) => {
        count++;
        listed.push(file.name);
        declared += file.originalSize;
        if (file.originalSize > MB && file.originalSize / Math.max(1, file.size) > limits.ratio)
          throw bomb(`${file.name} 压缩比超过 ${limits.ratio} 倍`, format);
        return false;
      },
    });
  } catch (error) {
    if (error instanceof UnusableUpload) throw error;
    throw new UnusableUpload(
      `${kind}已损坏，或不是 ZIP 格式的 ${format.extension}（${(error as Error).message}）`,
      format.repair,
    );
  }
  if (count > limits.entries) throw bomb(`含 ${count} 个文件`, format);
  if (declared > limits.totalBytes) throw bomb(`解压后 ${(declared / MB).toFixed(0)} MB`, format);

  let inflated = 0;
  let failure: UnusableUpload | null = null;
  let complete = true;
  const streamed: { name: string; chunks: Uint8Array[]; ended: boolean }[] = [];
  const unzip = new Unzip((file) => {
    let head = '';
    const xml = /\.(xml|rels)$/i.test(file.name);
    const entry = { name: file.name, chunks: [] as Uint8Array[], ended: false };
    streamed.push(entry);
    file.ondata = (error, chunk, final) => {
      if (failure) return;
      if (error) {
        complete = false;
        return;
      }
      entry.chunks.push(chunk);
      if (final) entry.ended = true;
      inflated += chunk.length;
      if (inflated > limits.totalBytes) {
        failure = bomb(`解压后超过 ${(limits.totalBytes / MB).toFixed(0)} MB`, format);
        file.terminate();
        return;
      }
      if (xml && head.length < 2048) {
        head += new TextDecoder().decode(chunk.subarray(0, 2048));
        if (/<!DOCTYPE|<!ENTITY/i.test(head))
          failure = new UnusableUpload(
            `${kind}中的 ${file.name} 含有 DOCTYPE/实体声明，${format.noDoctype}，为安全起见未读取`,
            format.repair,
          );
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    unzip.push(bytes, true);
  } catch {
    complete = false;
  }
  if (failure) throw failure;
  if (!complete || streamed.some((e) => !e.ended)) return bytes;
  const names = streamed.map((e) => e.name);
  const same = (a: string[], b: string[]) =>
    a.length === b.length && [...a].sort().every((n, i) => n === [...b].sort()[i]);
  if (!same(names, listed) || new Set(names).size !== names.length)
    throw bomb('压缩包的目录与其中的内容不一致', format);
  const files: Record<string, [Uint8Array, { level: 0 }]> = {};
  for (const e of streamed) {
    const data = new Uint8Array(e.chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of e.chunks) {
      data.set(c, at);
      at += c.length;
    }
    files[e.name] = [data, { level: 0 }];
  }
  return zipSync(files);
}
