/**
 * Word 97–2003 (.doc) and WPS Office (.wps) binary documents: an OLE compound file ([MS-CFB]) holding a
 * WordDocument stream ([MS-DOC]). WPS Office 2005 and later writes .wps in this very format; WPS 2000
 * and Microsoft Works files are other formats, refused with what to do about them.
 *
 * word-extractor reads the text, but it trusts the file: its compound-file reader follows sector chains
 * without looking for loops (a loop never ends), and its Word reader redoes work for every entry of
 * tables a file can make as long as it likes, and runs a regular expression that backtracks
 * quadratically over a field that never ends. The ingest converts small uploads in its own process,
 * without a time limit, so a 50 KB file must not be able to hang it. Hence this module:
 * - reads the compound file itself, each chain walked through each sector at most once;
 * - refuses encrypted documents before word-extractor sees them (it reads their ciphertext as text,
 *   or fails with "Attempt to access memory outside buffer bounds");
 * - reckons, from the structures word-extractor walks, what reading them would cost, and refuses a
 *   document that would cost more than any real report does;
 * - gives word-extractor a new compound file made of just the two streams it reads.
 */
import * as CFB from 'cfb';
import WordExtractor from 'word-extractor';
import { type ContainerText, UnusableUpload } from './index.ts';

/**
 * getBody's options, which the published types leave out: filterUnicode: false keeps “” ‘’ — as they
 * are (by default they become ASCII quotes and hyphens, which is wrong for Chinese text).
 */
type WithBodyOptions = { getBody(options: { filterUnicode: boolean }): string };

const SAVE_AS_DOCX = '请用 Word 或 WPS 打开后另存为 .docx 再上传';

// ---------------------------------------------------------------------------------------------------
// The compound file
// ---------------------------------------------------------------------------------------------------

const SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const NO_STREAM = 0xffffffff;
const END_OF_CHAIN = 0xfffffffe;
/** Sector numbers above this are markers (end of chain, free, …), not sectors. */
const MAX_SECTOR = 0xfffffffa;

/** A structure that cannot be read; `truncated` when the likeliest reason is that the file was cut short. */
class Damaged extends Error {
  constructor(
    message: string,
    readonly truncated = false,
  ) {
    super(message);
  }
}

/** Little-endian reads that fail as Damaged, not as a RangeError or a silent undefined, past the end. */
class Bytes {
  readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get length(): number {
    return this.bytes.length;
  }
  private check(at: number, size: number): void {
    if (!(at >= 0 && at + size <= this.bytes.length)) throw new Damaged('结构数据越界');
  }
  u8(at: number): number {
    this.check(at, 1);
    return this.view.getUint8(at);
  }
  u16(at: number): number {
    this.check(at, 2);
    return this.view.getUint16(at, true);
  }
  u32(at: number): number {
    this.check(at, 4);
    return this.view.getUint32(at, true);
  }
}

interface Entry {
  name: string;
  type: number;
  start: number;
  size: number;
}

interface Compound {
  has(name: string): boolean;
  read(name: string): Uint8Array;
}

function isCompoundFile(bytes: Uint8Array): boolean {
  return SIGNATURE.every((b, i) => bytes[i] === b);
}

/**
 * The streams at the top of a compound file ([MS-CFB] 2): read on demand, each sector chain followed
 * at most once through each sector, so that a loop in the allocation table ends as Damaged.
 */
function readCompound(file: Uint8Array): Compound {
  if (file.length < 512) throw new Damaged('文件头不完整', true);
  const header = new Bytes(file);
  const major = header.u16(26);
  const shift = header.u16(30);
  if (!((major === 3 && shift === 9) || (major === 4 && shift === 12)) || header.u16(32) !== 6)
    throw new Damaged('文件头中的扇区大小无效');
  const size = 1 << shift;
  const perSector = size / 4;
  // Sector n starts at (n + 1) × size. Writers fill the last sector, so a file whose length is not a
  // multiple of it was most likely cut short: what fails to read in it is reported as truncation.
  const sectors = Math.ceil(file.length / size) - 1;
  const ragged = file.length % size !== 0;
  const sector = (id: number): Bytes => {
    if (id >= sectors) throw new Damaged('文件在中途被截断', true);
    const bytes = file.subarray((id + 1) * size, (id + 2) * size);
    if (bytes.length === size) return new Bytes(bytes);
    const padded = new Uint8Array(size);
    padded.set(bytes);
    return new Bytes(padded);
  };

  // The allocation table: its sectors are listed in the header (109 of them), then in the DIFAT chain.
  const fatSectors = header.u32(44);
  // Each is a sector of the file: more than it has would make a 1 MB forgery allocate hundreds of MB.
  if (fatSectors > sectors) throw new Damaged('扇区分配表的大小无效', ragged);
  const fatIds: number[] = [];
  for (let i = 0; i < 109 && fatIds.length < fatSectors; i++) fatIds.push(header.u32(76 + 4 * i));
  const difatSeen = new Set<number>();
  for (let difat = header.u32(68); fatIds.length < fatSectors; ) {
    if (difat >= sectors) throw new Damaged('扇区分配表不完整', ragged || difat <= MAX_SECTOR);
    if (difatSeen.has(difat)) throw new Damaged('扇区分配表的链有循环');
    difatSeen.add(difat);
    const s = sector(difat);
    for (let i = 0; i < perSector - 1 && fatIds.length < fatSectors; i++) fatIds.push(s.u32(4 * i));
    difat = s.u32(size - 4);
  }
  const fat = new Uint32Array(fatIds.length * perSector);
  fatIds.forEach((id, k) => {
    const s = sector(id);
    for (let i = 0; i < perSector; i++) fat[k * perSector + i] = s.u32(4 * i);
  });

  /** A chain's sectors: `count` of them, or up to its end when count is undefined; each at most once. */
  const chain = (table: Uint32Array, start: number, count?: number): number[] => {
    const ids: number[] = [];
    const seen = new Uint8Array(table.length);
    for (let id = start; count === undefined ? id !== END_OF_CHAIN : ids.length < count; ) {
      if (id >= table.length) throw new Damaged(id === END_OF_CHAIN ? '数据流比声明的短' : '扇区链越界', ragged);
      if (seen[id]) throw new Damaged('扇区链有循环');
      seen[id] = 1;
      ids.push(id);
      id = table[id] ?? END_OF_CHAIN;
    }
    return ids;
  };
  const concat = (parts: Bytes[], length: number): Uint8Array => {
    const out = new Uint8Array(length);
    parts.forEach((p, k) => {
      out.set(p.bytes.subarray(0, Math.min(p.length, length - k * p.length)), k * p.length);
    });
    return out;
  };
  const regular = (start: number, length: number): Uint8Array => {
    if (length > file.length) throw new Damaged('数据流比整个文件还大', ragged);
    return concat(chain(fat, start, Math.ceil(length / size)).map(sector), length);
  };

  const directoryIds = chain(fat, header.u32(48));
  const directory = new Bytes(concat(directoryIds.map(sector), directoryIds.length * size));
  const count = Math.floor(directory.length / 128);
  const utf16 = new TextDecoder('utf-16le');
  const entryAt = (i: number): Entry & { left: number; right: number; child: number } => {
    const at = i * 128;
    const nameLength = Math.min(directory.u16(at + 64), 64);
    // The size's upper half is meaningful in version 4 only; version 3 writers may leave garbage there.
    if (major === 4 && directory.u32(at + 124) !== 0) throw new Damaged('数据流大小无效');
    return {
      name: utf16.decode(directory.bytes.subarray(at, at + Math.max(0, nameLength - 2))),
      type: directory.u8(at + 66),
      left: directory.u32(at + 68),
      right: directory.u32(at + 72),
      child: directory.u32(at + 76),
      start: directory.u32(at + 116),
      size: directory.u32(at + 120),
    };
  };
  if (count === 0) throw new Damaged('目录为空');
  const root = entryAt(0);
  if (root.type !== 5) throw new Damaged('缺少根目录');

  // The root's children form a tree through left/right; storages (child) are not descended into: an
  // embedded document has a WordDocument stream of its own.
  const streams = new Map<string, Entry>();
  const visited = new Set<number>();
  for (const pending = [root.child]; pending.length > 0; ) {
    const i = pending.pop() ?? NO_STREAM;
    if (i === NO_STREAM) continue;
    if (i >= count || visited.has(i)) throw new Damaged('目录结构无效');
    visited.add(i);
    const entry = entryAt(i);
    pending.push(entry.left, entry.right);
    if (entry.type === 1 || entry.type === 2) streams.set(entry.name.toUpperCase(), entry);
  }

  const cutoff = header.u32(56);
  let mini: { table: Uint32Array; data: Uint8Array } | undefined;
  const miniStream = () => {
    if (!mini) {
      const tableIds = chain(fat, header.u32(60), header.u32(64));
      const tableBytes = new Bytes(concat(tableIds.map(sector), tableIds.length * size));
      const table = new Uint32Array(tableBytes.length / 4);
      for (let i = 0; i < table.length; i++) table[i] = tableBytes.u32(4 * i);
      mini = { table, data: regular(root.start, root.size) };
    }
    return mini;
  };

  return {
    has: (name) => streams.get(name.toUpperCase())?.type === 2,
    read(name) {
      const entry = streams.get(name.toUpperCase());
      if (entry?.type !== 2) throw new Damaged(`缺少 ${name} 数据流`);
      if (entry.size >= cutoff) return regular(entry.start, entry.size);
      const { table, data } = miniStream();
      const parts = chain(table, entry.start, Math.ceil(entry.size / 64)).map((id) => {
        if ((id + 1) * 64 > data.length) throw new Damaged('小数据流越界', ragged);
        return new Bytes(data.subarray(id * 64, (id + 1) * 64));
      });
      return concat(parts, entry.size);
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// The Word document
// ---------------------------------------------------------------------------------------------------

/** Offsets in the FIB ([MS-DOC] 2.5.1) of the fields word-extractor reads; pairs are fc, lcb. */
const FIB = {
  ident: 0x00,
  nFib: 0x02,
  flags: 0x0a,
  csw: 0x20,
  cslw: 0x3e,
  plcfHdd: 0xf2,
  plcfBteChpx: 0xfa,
  plcfBtePapx: 0x102,
  clx: 0x1a2,
  /** The end of what word-extractor reads of the FIB. */
  end: 0x1aa,
} as const;
const F_ENCRYPTED = 0x0100;
const F_WHICH_TABLE = 0x0200;

/**
 * What word-extractor may do, in characters copied or bytes parsed, before a document is refused
 * (measured: about a second). A real report costs a few times its length, plus its length again for
 * each table row and each tracked deletion: 3 × 10⁸ for 300 000 characters with 1 000 table rows.
 */
const WORK_LIMIT = 2e9;

interface Piece {
  /** Byte offset of the text in the WordDocument stream. */
  fc: number;
  chars: number;
  /** 8-bit text (code page 1252) rather than UTF-16. */
  compressed: boolean;
}

/** The text pieces of the document ([MS-DOC] 2.9.38 Clx, 2.9.177 PlcPcd), each inside the stream. */
function piecesOf(word: Bytes, table: Bytes): Piece[] {
  const fcClx = word.u32(FIB.clx);
  const lcbClx = word.u32(FIB.clx + 4);
  if (lcbClx === 0 || fcClx + lcbClx > table.length) throw new Damaged('文本片段表超出范围');
  let at = fcClx;
  while (table.u8(at) === 1) at += 3 + table.u16(at + 1); // property modifiers before the pieces
  if (table.u8(at) !== 2) throw new Damaged('文本片段表无效');
  const lcb = table.u32(at + 1);
  at += 5;
  if (lcb < 16 || (lcb - 4) % 12 !== 0 || at + lcb > table.length) throw new Damaged('文本片段表无效');
  const n = (lcb - 4) / 12;
  const pieces: Piece[] = [];
  let total = 0;
  for (let x = 0; x < n; x++) {
    const chars = table.u32(at + 4 * (x + 1)) - table.u32(at + 4 * x);
    const raw = table.u32(at + 4 * (n + 1) + 8 * x + 2);
    if (chars < 0 || raw & 0x80000000) throw new Damaged('文本片段表无效');
    const compressed = (raw & 0x40000000) !== 0;
    const fc = compressed ? (raw & 0x3fffffff) >>> 1 : raw;
    if (fc + chars * (compressed ? 1 : 2) > word.length) throw new Damaged('文本片段超出正文数据流');
    total += chars;
    pieces.push({ fc, chars, compressed });
  }
  // Pieces that lie side by side hold at most one character a byte; more means they overlap, which only
  // a forged file does (and which would let a small file spell out gigabytes of text).
  if (total > word.length) throw new Damaged('文本片段相互重叠');
  return pieces;
}

/** Bytes word-extractor turns into the string "undefined" (cp1252 has no character there), or the optional hyphen (0x1F, likewise). */
const NO_CHARACTER_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/**
 * Blanks, in the pieces' text, the code units word-extractor would turn into "undefined" (to NUL, which
 * it drops), and reckons what its field cleaning costs: it removes fields (0x13 code 0x14 result 0x15)
 * with a regular expression, once per level of nesting, that backtracks quadratically over a field
 * that does not end where it should.
 */
function sanitizeAndCostFields(word: Uint8Array, pieces: Piece[]): number {
  let position = 0;
  let open = -1;
  let separators = 0;
  let depth = 0;
  let deepest = 0;
  let backtracking = 0;
  const close = (terminator: number) => {
    const length = position - open;
    backtracking += terminator === 0x15 && separators <= 1 ? length : length * length;
  };
  for (const piece of pieces) {
    const width = piece.compressed ? 1 : 2;
    for (let k = 0; k < piece.chars; k++, position++) {
      const at = piece.fc + k * width;
      const code = piece.compressed ? (word[at] ?? 0) : (word[at] ?? 0) | ((word[at + 1] ?? 0) << 8);
      // The FIB word-extractor reads stays as it is, whatever a forged piece claims to hold.
      if (at >= FIB.end && (code === 0x1f || (piece.compressed && NO_CHARACTER_1252.has(code)))) {
        word[at] = 0;
        if (!piece.compressed) word[at + 1] = 0;
      } else if (code === 0x13 || code === 0x15) {
        if (open >= 0) close(code);
        open = code === 0x13 ? position : -1;
        separators = 0;
        depth = code === 0x13 ? depth + 1 : Math.max(0, depth - 1);
        deepest = Math.max(deepest, depth);
      } else if (code === 0x14 && open >= 0) separators++;
    }
  }
  if (open >= 0) close(0);
  return (deepest + 1) * (position + backtracking);
}

/** Calls `visit` with each property modifier of a grpprl, as word-extractor walks them; false where it would fail. */
function eachSprm(grpprl: Uint8Array, from: number, visit: (sprm: number, operandAt: number) => void): boolean {
  const OPERAND = [1, 1, 2, 4, 2, 2, 0, 3];
  let at = from;
  while (at < grpprl.length - 1) {
    const sprm = (grpprl[at] ?? 0) | ((grpprl[at + 1] ?? 0) << 8);
    at += 2;
    visit(sprm, at);
    const spra = (sprm >> 13) & 7;
    if (spra === 6) {
      if (at >= grpprl.length) return false;
      at += (grpprl[at] ?? 0) + 1;
    } else at += OPERAND[spra] ?? 0;
  }
  return true;
}

/**
 * What word-extractor's pass over one table of formatting pages (the character or paragraph
 * properties, [MS-DOC] 2.8.5 PlcBteChpx / 2.8.6 PlcBtePapx) costs: parsing every run of every page the
 * table names (however many times it names one), plus, for each run whose properties mark a deletion
 * or the end of a table row, a rewrite of the text (`perRewrite`).
 */
function formattingCost(word: Bytes, table: Bytes, fcLcbAt: number, paragraphs: boolean, perRewrite: number): number {
  const fc = word.u32(fcLcbAt);
  const lcb = word.u32(fcLcbAt + 4);
  const entries = (lcb - 4) / 8;
  if (!(entries > 0) || fc + lcb > table.length) return 0; // word-extractor reads none, or fails at once
  const plc = new Bytes(table.bytes.subarray(fc, fc + lcb));
  const pages = new Map<number, number>();
  const pageCost = (pn: number): number => {
    const page = word.bytes.subarray(pn * 512, pn * 512 + 512);
    if (page.length < 512) return 0; // word-extractor fails on it
    const runs = page[511] ?? 0;
    let cost = 0;
    for (let j = 0; j < runs; j++) {
      let grpprl: Uint8Array;
      let from = 0;
      if (paragraphs) {
        const bx = (runs + 1) * 4 + j * 13;
        if (bx >= 512) break;
        const at = (page[bx] ?? 0) * 2;
        const cb = page[at] ?? 0;
        grpprl =
          cb !== 0 ? page.subarray(at + 1, at + 2 * cb) : page.subarray(at + 2, at + 2 + 2 * (page[at + 1] ?? 0));
        if (grpprl.length < 2) break;
        from = 2; // the style index
      } else {
        const at = (runs + 1) * 4 + j;
        if (at >= 512) break;
        const offset = (page[at] ?? 0) * 2;
        if (offset === 0) continue;
        grpprl = page.subarray(offset + 1, offset + 1 + (page[offset] ?? 0));
      }
      cost += grpprl.length + 1;
      const complete = eachSprm(grpprl, from, (sprm, operandAt) => {
        const rewrites = paragraphs
          ? sprm === 0x2417 // sprmPFTtp: the end of a table row
          : (sprm & 0x1f) === 0 && ((grpprl[operandAt] ?? 0) & 1) === 1; // what it takes for a deletion mark
        if (rewrites) cost += perRewrite;
      });
      if (!complete) break;
    }
    return cost;
  };
  let cost = 0;
  const dataAt = (entries + 1) * 4;
  for (let i = 0; i < entries; i++) {
    const at = dataAt + i * 4;
    if (at + 4 > plc.length) break; // where word-extractor fails
    const pn = plc.u32(at);
    let page = pages.get(pn);
    if (page === undefined) {
      page = pageCost(pn);
      pages.set(pn, page);
    }
    cost += page + 8;
    if (cost > WORK_LIMIT) break;
  }
  return cost;
}

/** The two streams word-extractor reads, checked: what it would cost it to read them is within WORK_LIMIT. */
function checkedWordStreams(file: Compound): { word: Uint8Array; table: Uint8Array; tableName: string } {
  const wordBytes = file.read('WordDocument');
  const word = new Bytes(wordBytes);
  if (word.length < FIB.end || word.u16(FIB.ident) !== 0xa5ec) throw new Damaged('正文数据流不是 Word 格式');
  const flags = word.u16(FIB.flags);
  if (flags & F_ENCRYPTED) throw encrypted();
  // Word 97 and later write 0x00C1 or more here; Word 6.0/95 (0x0065–0x0068) lay the FIB out otherwise.
  if (word.u16(FIB.nFib) < 0xc0) throw new UnusableUpload('这是 Word 6.0/95 格式的旧文档，无法读取', SAVE_AS_DOCX);
  if (word.u16(FIB.csw) !== 14 || word.u16(FIB.cslw) !== 22) throw new Damaged('文件信息块（FIB）无效');
  const tableName = flags & F_WHICH_TABLE ? '1Table' : '0Table';
  const tableBytes = file.read(tableName);
  const table = new Bytes(tableBytes);

  const pieces = piecesOf(word, table);
  const chars = pieces.reduce((sum, p) => sum + p.chars, 0);
  // Each rewrite of the text looks its range up among the pieces, then copies the pieces it touches.
  const perRewrite = pieces.length + chars;
  let cost = sanitizeAndCostFields(wordBytes, pieces);
  cost += formattingCost(word, table, FIB.plcfBteChpx, false, perRewrite);
  cost += formattingCost(word, table, FIB.plcfBtePapx, true, perRewrite);
  // Each header and footer story (up to where the table ends: word-extractor fails there) is rewritten once.
  const [fcHdd, lcbHdd] = [word.u32(FIB.plcfHdd), word.u32(FIB.plcfHdd + 4)];
  if (lcbHdd >= 8) cost += (Math.max(0, Math.min(lcbHdd, table.length - fcHdd)) / 4) * perRewrite;
  if (cost > WORK_LIMIT)
    throw new UnusableUpload(
      '文档结构异常：读取它要做的工作远超正常文档，疑似被篡改或损坏，为安全起见未读取',
      SAVE_AS_DOCX,
    );
  return { word: wordBytes, table: tableBytes, tableName };
}

/** A compound file of just the two streams, laid out by cfb, for word-extractor's own (trusting) reader. */
function rebuilt(streams: { word: Uint8Array; table: Uint8Array; tableName: string }): Buffer {
  const container = CFB.utils.cfb_new();
  CFB.utils.cfb_add(container, '/WordDocument', Buffer.from(streams.word));
  CFB.utils.cfb_add(container, `/${streams.tableName}`, Buffer.from(streams.table));
  return Buffer.from(CFB.write(container, { type: 'buffer' }) as Uint8Array);
}

// ---------------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------------

function encrypted(what = '文档已加密'): UnusableUpload {
  return new UnusableUpload(
    `文件设有打开密码（${what}），无法读取`,
    '请用 Word 或 WPS 打开，去掉打开密码后另存为 .docx 再上传',
  );
}

/** A .doc or .wps that is not a compound file: often another format under the wrong extension. */
function notCompound(bytes: Uint8Array, format: 'doc' | 'wps'): UnusableUpload {
  const what = format === 'wps' ? 'WPS 文字（.wps）文件' : '旧版 Word（.doc）文件';
  const head = new TextDecoder('latin1')
    .decode(bytes.subarray(0, 512))
    .replace(/^\uFEFF|^ï»¿/, '')
    .trimStart()
    .toLowerCase();
  if (bytes[0] === 0x50 && bytes[1] === 0x4b)
    return new UnusableUpload(
      `这不是${what}，而是改了扩展名的 .docx 文件（开头是 ZIP 压缩包的标识）`,
      '请把文件扩展名改为 .docx 后重新上传',
    );
  if (head.startsWith('{\\rtf')) return new UnusableUpload(`这不是${what}，而是 RTF 格式的文件`, SAVE_AS_DOCX);
  // Word's "save as web page" output, renamed .doc, is common on government sites.
  if (head.startsWith('<!doctype html') || head.startsWith('<html'))
    return new UnusableUpload(`这不是${what}，而是网页（HTML）文件`, '请把文件扩展名改为 .html 后重新上传');
  if (head.startsWith('mime-version:') || head.startsWith('<?xml'))
    return new UnusableUpload(`这不是${what}，而是单个网页（MHT）或 Word XML 格式的文件`, SAVE_AS_DOCX);
  if (format === 'wps')
    return new UnusableUpload(
      '这不是 WPS Office（2005 及以后版本）保存的 .wps 文件，可能是 WPS 2000 等早期 WPS 或 Microsoft Works 的格式，无法读取',
      '请用 WPS Office 打开后另存为 .docx 再上传',
    );
  return new UnusableUpload(
    '这不是 Word 97–2003（.doc）文件：文件开头没有 Word 文档的格式标识',
    '请确认文件完整且确为 Word 文档，再用 Word 或 WPS 打开后另存为 .docx 上传',
  );
}

function damaged(error: Damaged | Error): UnusableUpload {
  if (error instanceof Damaged && error.truncated)
    return new UnusableUpload(
      '文件不完整：内容在中途被截断，可能下载或复制没有完成',
      '请重新下载或复制完整的文件后上传；若原文件能用 Word 或 WPS 正常打开，也可另存为 .docx 后上传',
    );
  return new UnusableUpload(
    `文件已损坏，无法读取其中的 Word 文档（${error.message}）`,
    '请重新取得原文件；若它能用 Word 或 WPS 正常打开，请另存为 .docx 后上传',
  );
}

/** One paragraph a line, at most one blank line between paragraphs (empty paragraphs space a layout). */
function paragraphs(body: string): string {
  return body
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export async function readDoc(bytes: Uint8Array, format: 'doc' | 'wps'): Promise<ContainerText> {
  if (!isCompoundFile(bytes)) throw notCompound(bytes, format);
  let streams: ReturnType<typeof checkedWordStreams>;
  try {
    const file = readCompound(bytes);
    // A .docx with an opening password is a compound file too ([MS-OFFCRYPTO]), of these two streams.
    if (file.has('EncryptionInfo') || file.has('EncryptedPackage')) throw encrypted('这是加密的 .docx 文档');
    if (!file.has('WordDocument')) {
      if (file.has('CONTENTS') || file.has('MatOST'))
        throw new UnusableUpload(
          '这是 Microsoft Works 格式的文件，无法读取',
          '请用 WPS Office 或 Word 打开后另存为 .docx 再上传',
        );
      throw new UnusableUpload('这个文件里没有 Word 正文（缺少 WordDocument 数据流），不是 Word 文档', SAVE_AS_DOCX);
    }
    streams = checkedWordStreams(file);
  } catch (error) {
    if (error instanceof UnusableUpload) throw error;
    throw damaged(error as Error);
  }
  let body: string;
  try {
    const document = await new WordExtractor().extract(rebuilt(streams));
    body = (document as WithBodyOptions).getBody({ filterUnicode: false });
  } catch (error) {
    throw damaged(error as Error);
  }
  const text = paragraphs(body);
  if (text === '')
    throw new UnusableUpload('Word 文档中没有文字', '请检查文档内容是否为图片，必要时先做文字识别（OCR）');
  return { text, encoding: null };
}
