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
