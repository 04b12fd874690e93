/**
 * Characters no reader can take: those XML 1.0 forbids (C0 controls but tab, line feed and carriage
 * return; lone surrogates; U+FFFE, U+FFFF) and the other Unicode non-characters (U+FDD0–U+FDEF, the
 * last two code points of every plane), with the C1 controls (U+0080–U+009F), which XML allows but no
 * report means. One ESC byte in an upload made the site feed ill-formed for every feed reader, and the
 * pages carried it too: they are removed at ingest (with a warning), and again wherever a text goes
 * into a feed, for reports written by hand.
 */

const UNREADABLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is matched
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ud83f\ud87f\ud8bf\ud8ff\ud93f\ud97f\ud9bf\ud9ff\uda3f\uda7f\udabf\udaff\udb3f\udb7f\udbbf\udbff][\udffe\udfff]/g;

/** text without the characters above, and how many there were. */
export function removeUnreadable(text: string): { text: string; removed: number } {
  let removed = 0;
  const cleaned = text.replace(UNREADABLE, () => {
    removed++;
    return '';
  });
  return { text: cleaned, removed };
}

/** text without the characters above. */
export function readable(text: string): string {
  return removeUnreadable(text).text;
}

/**
 * The radicals a PDF's fonts map common characters to: a word processor or browser printing with a CJK
 * font (Noto CJK among them) writes 心 as ⼼ (U+2F3C, a Kangxi radical) and 民 as ⺠ (U+2EA0, a radical
 * supplement) in the text layer, since the font draws both with one glyph. The page looks right; its
 * text would not be found by search nor read by the extraction. Kangxi radicals have a compatibility
 * mapping (NFKC); the supplement's do not, and the ones that stand for whole characters are listed.
 */
const RADICAL_SUPPLEMENT: Record<string, string> = {
  '\u2e8c': '小',
  '\u2e9f': '母',
  '\u2ea0': '民',
  '\u2eab': '目',
  '\u2eac': '示',
  '\u2ec4': '西',
  '\u2ec5': '见',
  '\u2ec6': '角',
  '\u2ec9': '贝',
  '\u2eca': '足',
  '\u2ecb': '车',
  '\u2ed1': '長',
  '\u2ed3': '长',
  '\u2ed4': '门',
  '\u2ed7': '雨',
  '\u2ed8': '青',
  '\u2ed9': '韦',
  '\u2eda': '页',
  '\u2edb': '风',
  '\u2edc': '飞',
  '\u2edd': '食',
  '\u2ee1': '首',
  '\u2ee2': '马',
  '\u2ee3': '骨',
  '\u2ee4': '鬼',
  '\u2ee5': '鱼',
  '\u2ee6': '鸟',
  '\u2ee7': '卤',
  '\u2ee8': '麦',
  '\u2ee9': '黄',
  '\u2eea': '黾',
  '\u2eec': '齐',
  '\u2eee': '齿',
  '\u2ef0': '龙',
  '\u2ef3': '龟',
};
const RADICAL = /[\u2e80-\u2eff\u2f00-\u2fdf]/g;

/** text with radicals that stand for characters written as those characters. */
export function unifyRadicals(text: string): string {
  return text.replace(RADICAL, (ch) => RADICAL_SUPPLEMENT[ch] ?? (ch >= '\u2f00' ? ch.normalize('NFKC') : ch));
}
