/**
 * Key figures as a small horizontal bar chart (issue 20): an SVG string drawn at build time, inlined in
 * region, authority and year pages next to a table of the same numbers. Pure; the chart is a visual aid.
 * - No client JavaScript, no style element, no font, no link: presentation attributes only, so the page's
 *   CSS and Content-Security-Policy need nothing for it, and a saved page shows it offline.
 * - Readable without colour: every value is printed as text at its bar's end, the bars are one solid colour
 *   (#0a4b94, 9:1 on white; WCAG asks 3:1 for graphics), the text #1f1f1f. Nothing is said by colour alone.
 * - For screen readers the SVG is one image (role="img") whose aria-label lists every label and value in
 *   Chinese; the drawn text is presentational then, and may be shortened (a long label ends in …).
 * - Labels come from report text: they are cleaned (src/lib/text-hygiene.ts: a character XML forbids would
 *   make the page's SVG ill-formed) and escaped wherever they go.
 * - The same points give the same bytes: no clock, no randomness, numbers printed with fixed decimals.
 */
import { escapeHtml } from './escape.ts';
import { readable } from './text-hygiene.ts';

export interface ChartPoint {
  /** What the bar is for: a year ('2023') or a sub-region ('梁山县'). */
  label: string;
  /** Finite and non-negative: a count or a percentage. */
  value: number;
  /** The report qualified the number (约, 余, 多, 以上…): printed with 约. */
  approx: boolean;
}

/** The units of the indicators (src/lib/indicators.ts). */
export type ChartUnit = '件' | '%' | '次' | '名';

export interface ChartOptions {
  /** The indicator and its unit, e.g. '行政诉讼案件（件）'. */
  title: string;
  unit: ChartUnit;
  /**
   * At most this many bars (the first points, in the caller's order); the rest are said to be omitted, in
   * the drawing and in the aria-label, and are in the page's table. Unset: every point.
   */
  maxBars?: number;
}

/**
 * The drawing's coordinates. The viewBox is 480 wide and the SVG as wide as its container (width="100%",
 * no height: the viewBox's aspect ratio gives it), so it shrinks on a 320 px phone and never overflows.
 * Text is 16 units: about 11 px on the narrowest phone, where 12 units would be 8 px.
 */
const WIDTH = 480;
const FONT = 16;
const TITLE_HEIGHT = 28;
const ROW = 28;
const BAR = 18;
const GAP = 8;
/** The longest label drawn in full, in em: 12 Chinese characters. A longer one is cut and ends in …. */
const LABEL_EM = 12;
/** The title's room, in em: the whole width. */
const TITLE_EM = WIDTH / FONT;
/** A value above zero never vanishes: its bar is at least this wide. */
const MIN_BAR = 2;
const BAR_FILL = '#0a4b94';
const TEXT_FILL = '#1f1f1f';
/** Printed values keep two decimals at most (98.53%); coordinates one. */
const VALUE_DIGITS = 2;
const COORD_DIGITS = 1;

/**
 * A number without float noise: 98.49999999 → 98.5, 0.1 + 0.2 → 0.3, 12 → 12. toFixed rounds the binary
 * value deterministically in every engine; the trailing zeros go.
 */
function decimal(value: number, digits: number): string {
  const fixed = value.toFixed(digits);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/**
 * How wide a text is drawn, in em, without a font to measure it with: a Chinese character (and any other
 * character beyond ASCII: full-width punctuation, 约, …) takes about 1 em, an ASCII one about 0.6 em.
 */
export function textWidthEm(text: string): number {
  let em = 0;
  for (const c of text) em += (c.codePointAt(0) ?? 0) < 0x80 ? 0.6 : 1;
  return em;
}

/** The text as drawn within `maxEm`: whole if it fits, else cut between code points and ended with …. */
function fitted(text: string, maxEm: number): string {
  if (textWidthEm(text) <= maxEm) return text;
  let out = '';
  let em = textWidthEm('…');
  for (const c of text) {
    const w = textWidthEm(c);
    if (em + w > maxEm) break;
    out += c;
    em += w;
  }
  return `${out}…`;
}

/** Report text as one line a reader can take: what XML forbids removed, runs of white space one space. */
function cleaned(text: string): string {
  return readable(text).replace(/\s+/g, ' ').trim();
}

/** '约 12 件', '98.5%': the value with its unit, as the bar's end and the aria-label say it. */
function valueText(value: string, approx: boolean, unit: ChartUnit): string {
  return `${approx ? '约 ' : ''}${value}${unit === '%' ? '%' : ` ${unit}`}`;
}

/** A year label is read as a year (2024 年); a place as itself. */
function spokenLabel(label: string): string {
  return /^\d{4}$/.test(label) ? `${label} 年` : label;
}

function shownCount(total: number, maxBars: number | undefined): number {
  if (maxBars === undefined || !Number.isFinite(maxBars)) return total;
  return Math.min(total, Math.max(1, Math.trunc(maxBars)));
}

/**
 * A horizontal bar chart as an SVG string: one bar per point, in the order given, the label at the left,
 * the value printed at the bar's end. Percentages are scaled to 100 (to the largest value if one exceeds
 * it: a bar never runs past the drawing), counts to the largest value. No points: an empty string — the
 * page then shows no chart. A value that is negative or not finite is a bug upstream: RangeError.
 */
export function barChartSvg(points: readonly ChartPoint[], options: ChartOptions): string {
  if (points.length === 0) return '';
  for (const p of points) {
    if (!Number.isFinite(p.value) || p.value < 0) throw new RangeError(`Bar chart value ${p.value} for «${p.label}»`);
  }
  const shown = points.slice(0, shownCount(points.length, options.maxBars));
  const omitted = points.length - shown.length;
  const title = cleaned(options.title);
  const rows = shown.map((p) => {
    const printed = decimal(p.value, VALUE_DIGITS);
    const label = cleaned(p.label);
    // The bar is drawn from the printed number, so that a bar is visible exactly when its text is not 0.
    return { label, value: Number(printed), text: valueText(printed, p.approx, options.unit) };
  });

  const labelEm = Math.min(LABEL_EM, Math.max(...rows.map((r) => textWidthEm(r.label))));
  const valueEm = Math.max(...rows.map((r) => textWidthEm(r.text)));
  const barX = labelEm * FONT + GAP;
  const barMax = WIDTH - barX - GAP - valueEm * FONT;
  const largest = Math.max(...rows.map((r) => r.value));
  const scale = options.unit === '%' ? Math.max(100, largest) : largest || 1;
  const height = TITLE_HEIGHT + rows.length * ROW + (omitted > 0 ? ROW : 0);
  const c = (n: number) => decimal(n, COORD_DIGITS);
  // The baseline that centres a line of text on a row: about a third of the font below the middle.
  const baseline = (top: number) => c(top + ROW / 2 + FONT * 0.35);
  const text = (x: number, y: string, content: string, extra = '') =>
    `<text x="${c(x)}" y="${y}" font-size="${FONT}" fill="${TEXT_FILL}"${extra}>${escapeHtml(content)}</text>`;

  const spoken = rows.map((r) => `${spokenLabel(r.label)} ${r.text}`).join('；');
  const omittedNote = omitted > 0 ? `另有 ${omitted} 项未画出，见表格` : '';
  const ariaLabel = `${title}：${spoken}${omittedNote ? `；${omittedNote}` : ''}`;

  const body = rows.map((r, i) => {
    const top = TITLE_HEIGHT + i * ROW;
    const width = r.value > 0 ? Math.max(MIN_BAR, (r.value / scale) * barMax) : 0;
    return [
      text(0, baseline(top), fitted(r.label, LABEL_EM)),
      `<rect x="${c(barX)}" y="${c(top + (ROW - BAR) / 2)}" width="${c(width)}" height="${BAR}" fill="${BAR_FILL}"/>`,
      text(barX + width + GAP / 2, baseline(top), r.text),
    ].join('');
  });
  const axisBottom = TITLE_HEIGHT + rows.length * ROW;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="${escapeHtml(ariaLabel)}">`,
    `<title>${escapeHtml(title)}</title>`,
    text(0, c(FONT + 2), fitted(title, TITLE_EM), ' font-weight="bold"'),
    ...body,
    // The axis the bars start from: a zero value is then visibly a bar of nothing, not a missing one.
    `<line x1="${c(barX)}" y1="${TITLE_HEIGHT}" x2="${c(barX)}" y2="${axisBottom}" stroke="${TEXT_FILL}" stroke-width="1"/>`,
    ...(omittedNote ? [text(0, baseline(axisBottom), omittedNote)] : []),
    '</svg>',
  ].join('');
}
