/**
 * A page rendered outside Astro inside the frame Astro renders for every page (src/layouts/Base.astro: head,
 * header, navigation, breadcrumbs, footer, the style sheet's hashed address). Astro renders the frame once with
 * tokens where a page's own parts go (src/pages/page-frame.astro); fillFrame puts a page's parts in their place.
 * The compare pages are made this way (scripts/lib/site/compare-stage.ts): thousands of pages that would
 * otherwise each cost Astro's one thread as much as any page.
 *
 * Pure. Every value filled in is escaped here, except the main HTML, which its builder escaped.
 */
import { escapeHtml } from './escape.ts';

export interface Crumb {
  label: string;
  href?: string;
}

/** The breadcrumbs' items, as src/components/Breadcrumbs.astro writes them (it calls this). */
export function crumbItemsHtml(crumbs: readonly Crumb[]): string {
  return crumbs
    .map((c, i) =>
      c.href && i < crumbs.length - 1
        ? `<li><a href="${escapeHtml(c.href)}">${escapeHtml(c.label)}</a></li>`
        : `<li><span aria-current="page">${escapeHtml(c.label)}</span></li>`,
    )
    .join('');
}

/** The tokens the frame is rendered with: plain ASCII that Astro writes as it is and no page text contains. */
export const FRAME_TOKENS = {
  title: 'GONGKAIFRAMETITLE',
  description: 'GONGKAIFRAMEDESCRIPTION',
  crumb: 'GONGKAIFRAMECRUMB',
  main: 'GONGKAIFRAMEMAIN',
} as const;

/** Where Astro renders the frame (src/pages/page-frame.astro); the stage that fills it removes it from dist/. */
export const FRAME_PATH = '/page-frame/';

export interface FramedPage {
  /** The page's absolute address, its canonical URL. */
  canonical: string;
  title: string;
  description: string;
  crumbs: readonly Crumb[];
  main: string;
}

export class FrameError extends Error {
  override name = 'FrameError';
}

/** A frame checked once: its text split at the tokens, so that filling a page is a join. */
export interface PreparedFrame {
  parts: string[];
  /** Which value goes between parts[i] and parts[i + 1]. */
  slots: (keyof FramedPage | 'crumbs')[];
}

/**
 * Splits the frame at its tokens. frameUrl is the frame's own absolute address, which Astro wrote as its
 * canonical and og:url: each page gets its own there.
 */
export function prepareFrame(frame: string, frameUrl: string): PreparedFrame {
  const crumbItems = crumbItemsHtml([{ label: FRAME_TOKENS.crumb }]);
  const needles: [string, PreparedFrame['slots'][number]][] = [
    [frameUrl, 'canonical'],
    [FRAME_TOKENS.title, 'title'],
    [FRAME_TOKENS.description, 'description'],
    [crumbItems, 'crumbs'],
    [FRAME_TOKENS.main, 'main'],
  ];
  for (const [needle, slot] of needles)
    if (!frame.includes(needle))
      throw new FrameError(`页面框架（${FRAME_PATH}）中找不到 ${slot} 的位置：src/layouts/Base.astro 改过？`);
  const pattern = new RegExp(needles.map(([n]) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), 'g');
  const parts: string[] = [];
  const slots: PreparedFrame['slots'] = [];
  let last = 0;
  for (const m of frame.matchAll(pattern)) {
    parts.push(frame.slice(last, m.index));
    slots.push((needles.find(([n]) => n === m[0]) as [string, PreparedFrame['slots'][number]])[1]);
    last = (m.index ?? 0) + m[0].length;
  }
  parts.push(frame.slice(last));
  return { parts, slots };
}

/** One page in the frame. */
export function fillFrame(frame: PreparedFrame, page: FramedPage): string {
  const value = (slot: PreparedFrame['slots'][number]): string => {
    if (slot === 'crumbs') return crumbItemsHtml(page.crumbs);
    if (slot === 'main') return page.main;
    return escapeHtml(slot === 'canonical' ? page.canonical : (page[slot] as string));
  };
  let out = frame.parts[0] as string;
  for (const [i, slot] of frame.slots.entries()) out += value(slot) + (frame.parts[i + 1] as string);
  return out;
}
