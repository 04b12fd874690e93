/**
 * The search page: the only client-side program of the site. The query, filters and sort live in
 * the URL (?q=…&year=…&sort=…), so a search can be shared, bookmarked and walked with back/forward.
 * Untrusted text is only ever set through textContent.
 */
import { toCsv } from '../../lib/catalog.ts';
import { SEARCH_FILTERS, type SearchFilter } from '../../lib/search/fields.ts';
import { COUNT_AHEAD_SHARDS } from '../../lib/search/shards.ts';
import { headingTitle, type Snippet, snippetOf } from '../../lib/search/snippet.ts';
import { fromIndexText, parseQuery } from '../../lib/search/tokens.ts';
import {
  DEFAULT_SORT,
  SearchEngine,
  type SearchRun,
  type SearchTotals,
  SORT_ORDERS,
  type SortOrder,
} from './engine.ts';

const PAGE_SIZE = 10;
const LEVEL_NAMES: Record<string, string> = { province: '省级', city: '市级', county: '县级', township: '乡镇级' };

interface State {
  q: string;
  sort: string;
  filters: Partial<Record<SearchFilter, string[]>>;
}

function readState(): State {
  const params = new URLSearchParams(location.search);
  const filters: State['filters'] = {};
  for (const f of SEARCH_FILTERS) {
    const values = params.getAll(f).filter(Boolean);
    if (values.length) filters[f] = values;
  }
  const sort = params.get('sort') ?? '';
  return {
    q: params.get('q') ?? '',
    sort: sort !== DEFAULT_SORT && (SORT_ORDERS as readonly string[]).includes(sort) ? sort : '',
    filters,
  };
}

function stateUrl(state: State): string {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const f of SEARCH_FILTERS) for (const v of state.filters[f] ?? []) params.append(f, v);
  if (state.sort) params.set('sort', state.sort);
  const qs = params.toString();
  return `${location.pathname}${qs ? `?${qs}` : ''}`;
}

/** Pagefind's excerpt (escaped text with <mark>) → DOM nodes, de-bigrammed, with <mark> rebuilt safely. */
function excerptNodes(html: string): Node[] {
  const marked = html.replace(/<mark>/g, '\ue000').replace(/<\/mark>/g, '\ue001');
  const text = new DOMParser().parseFromString(`<body>${marked}</body>`, 'text/html').body.textContent ?? '';
  const readable = fromIndexText(text);
  const nodes: Node[] = [];
  for (const [i, part] of readable.split(/[\ue000\ue001]/).entries()) {
    if (!part) continue;
    if (i % 2 === 1) {
      const mark = document.createElement('mark');
      mark.textContent = part;
      nodes.push(mark);
    } else nodes.push(document.createTextNode(part));
  }
  return nodes;
}

/** A snippet (snippet.ts) → DOM nodes, its terms in <mark>. */
function snippetNodes(snippet: Snippet): Node[] {
  return snippet.parts.map((part) => {
    if (!part.mark) return document.createTextNode(part.text);
    const mark = document.createElement('mark');
    mark.textContent = part.text;
    return mark;
  });
}

/** A link that lands on the report with the searched terms highlighted (text fragments: no script needed there). */
function landingUrl(url: string, terms: string[]): string {
  if (terms.length === 0) return url;
  const directive = `:~:${terms.map((t) => `text=${encodeURIComponent(t)}`).join('&')}`;
  return url.includes('#') ? `${url}${directive}` : `${url}#${directive}`;
}

export function startSearchPage(app: HTMLElement): void {
  const bundle = app.dataset.bundle ?? '/pagefind/pagefind.js';
  const labels = JSON.parse(app.dataset.labels ?? '{}') as Record<SearchFilter, string>;
  const form = app.querySelector('#search-form') as HTMLFormElement;
  const input = app.querySelector('#q') as HTMLInputElement;
  const sort = app.querySelector('#sort') as HTMLSelectElement;
  const status = app.querySelector('#search-status') as HTMLElement;
  const list = app.querySelector('#search-results') as HTMLOListElement;
  const more = app.querySelector('#more') as HTMLButtonElement;
  const facets = app.querySelector('#facets') as HTMLElement;
  const countAll = app.querySelector('#count-all') as HTMLButtonElement;
  const sortNote = app.querySelector('#sort-note') as HTMLElement;
  const filtersBox = app.querySelector('#filters') as HTMLDetailsElement;
  const filterCount = app.querySelector('#filter-count') as HTMLElement;
  const active = app.querySelector('#active-filters') as HTMLElement;
  const clearFilters = app.querySelector('#clear-filters') as HTMLButtonElement;
  const yearOffer = app.querySelector('#year-offer') as HTMLElement;
  const noResults = app.querySelector('#no-results-help') as HTMLElement;
  const download = app.querySelector('#download-results') as HTMLButtonElement;
  const catalogUrl = app.dataset.catalog ?? '/reports.json';
  const downloadsUrl = app.dataset.downloads ?? '/downloads/';
  /** Each result's Markdown (its download), for snippets with punctuation; null when it cannot be had. */
  const markdownOf = new Map<string, Promise<string | null>>();
  const reportMarkdown = (url: string): Promise<string | null> => {
    const slug = /\/reports\/([^/]+)\//.exec(new URL(url, location.href).pathname)?.[1];
    if (!slug) return Promise.resolve(null);
    let text = markdownOf.get(slug);
    if (!text) {
      // Bounded: a slow or refused download (another origin) leaves Pagefind's own excerpt in place.
      text = fetch(`${downloadsUrl}${slug}/${slug}.md`, { signal: AbortSignal.timeout(3000) })
        .then((r) => (r.ok ? r.text() : null))
        .catch(() => null);
      markdownOf.set(slug, text);
    }
    return text;
  };
  const yearsUrl = app.dataset.years ?? '/years/';
  const regionsUrl = app.dataset.regions ?? '/regions.json';
  let regionIndex: Promise<{ chain: string[]; level: string | null; path: string }[]> | undefined;
  const feedOffer = app.querySelector('#feed-offer') as HTMLElement;
  // The filters' place is there from the first paint (the page's styles show it once scripts run), so results
  // drawn before the facets arrive never move (no layout shift). Wide screens show the filters beside the
  // results; narrow ones keep them behind 筛选, results first.
  const wide = window.matchMedia('(min-width: 48.01rem)');
  filtersBox.open = wide.matches;
  /** The checkbox to give the focus back to once the facets are drawn again (a ticked box keeps it). */
  let refocus: { name: string; value: string } | undefined;

  const engine = new SearchEngine(bundle.replace(/pagefind\.js$/, ''));
  let current: SearchRun | undefined;
  /** The address (stateUrl) of the search on the page. */
  let shownSearch: string | undefined;
  let shown = 0;
  let terms: string[] = [];
  let run = 0;
  // A stable handle for tests and for readers who script their browser.
  (window as unknown as { gongkai?: unknown }).gongkai = { engine, parseQuery };

  /** Shows the next page of results; with focusFirst, the first of them takes the focus as it appears. */
  async function renderMore(focusFirst = false): Promise<void> {
    if (!current) return;
    const mine = run;
    // Busy while the page's results arrive: assistive technology waits for the whole page, and "more"
    // does nothing meanwhile (two pages loading at once would interleave).
    list.setAttribute('aria-busy', 'true');
    try {
      await renderPage(current, mine, focusFirst);
    } finally {
      if (mine === run) list.setAttribute('aria-busy', 'false');
    }
  }

  async function renderPage(from: SearchRun, mine: number, focusFirst: boolean): Promise<void> {
    const firstShown = shown;
    const pending = await from.nextPending(PAGE_SIZE);
    // Results a newer search leaves unread are not waited for: their failure is nobody's error (the ones
    // read below still fail the page if they fail).
    for (const loading of pending) loading.catch(() => undefined);
    if (mine !== run) return;
    // Each result is shown as soon as it (and every one before it) has loaded: on a slow line the
    // first card need not wait for the tenth.
    // Each result's text is fetched as soon as its data is in, in parallel with the rest.
    const withText = pending.map((loading) =>
      loading.then(async (data) => ({ data, markdown: terms.length ? await reportMarkdown(data.url) : null })),
    );
    for (const loading of withText) {
      const { data, markdown } = await loading;
      if (mine !== run) return;
      const li = document.createElement('li');
      li.className = 'result';
      const h = document.createElement('h3');
      const a = document.createElement('a');
      a.href = landingUrl(data.url, terms);
      a.textContent = data.meta.title ?? data.url;
      h.append(a);
      const meta = document.createElement('p');
      meta.className = 'result-meta';
      meta.textContent = [data.meta.authority, data.meta.region, data.meta.year && `${data.meta.year} 年度`]
        .filter(Boolean)
        .join(' · ');
      // What a journalist cites: the publication date and the 文号, where the report has them.
      const cite = document.createElement('p');
      cite.className = 'result-cite';
      cite.textContent = [
        data.meta.published ? `发布日期 ${data.meta.published}` : '未注明发布日期',
        data.meta.docNumber && `文号 ${data.meta.docNumber}`,
      ]
        .filter(Boolean)
        .join(' · ');
      const excerpt = document.createElement('p');
      excerpt.className = 'excerpt';
      const snippet = markdown ? snippetOf(markdown, terms) : null;
      if (snippet) {
        // The sentence as the report writes it, and the section it stands in, linked.
        if (snippet.section) {
          const section = document.createElement('a');
          section.className = 'snippet-section';
          section.href = landingUrl(`${data.url.split('#')[0]}#${snippet.section.id}`, terms);
          section.textContent = snippet.section.title;
          excerpt.append(section, ' — ');
        }
        excerpt.append(...snippetNodes(snippet));
      } else excerpt.append(...excerptNodes(data.excerpt));
      li.append(h, meta, cite, excerpt);
      const subs = (data.sub_results ?? []).filter((s) => s.url.includes('#')).slice(0, 3);
      if (subs.length) {
        const ul = document.createElement('ul');
        ul.className = 'sub-results';
        for (const sub of subs) {
          const item = document.createElement('li');
          const link = document.createElement('a');
          link.href = landingUrl(sub.url, terms);
          const id = sub.url.split('#')[1]?.split(':~:')[0] ?? '';
          link.textContent =
            (markdown && headingTitle(markdown, id)) || fromIndexText(sub.title).replace(/[\ue000\ue001]/g, '');
          const ex = document.createElement('span');
          ex.className = 'excerpt';
          const inSection = markdown ? snippetOf(markdown, terms, id) : null;
          ex.append(' — ', ...(inSection ? snippetNodes(inSection) : excerptNodes(sub.excerpt)));
          item.append(link, ex);
          ul.append(item);
        }
        li.append(ul);
      }
      list.append(li);
      if (focusFirst && shown === firstShown) a.focus();
      shown++;
    }
    more.hidden = pending.length < PAGE_SIZE || from.exhausted;
  }

  function renderFacets(state: State, totals: SearchTotals, years: string[]): void {
    facets.replaceChildren();
    const counts = totals.facets;
    if (!totals.complete) {
      const note = document.createElement('p');
      note.className = 'facet-note';
      note.textContent = `计数只含已统计的 ${totals.countedReports} 份报告。`;
      facets.append(note);
    }
    for (const f of SEARCH_FILTERS) {
      const found = { ...counts[f] };
      // With a year chosen only that year's shards are searched: the other years stay offered, uncounted.
      if (f === 'year' && state.filters.year?.length) for (const y of years) found[y] ??= -1;
      // A year not wholly counted yet is offered without a count (a part would read as the whole).
      if (f === 'year') for (const y of totals.uncountedYears) found[y] = -1;
      const values = Object.entries(found)
        .filter(([v, n]) => n !== 0 || state.filters[f]?.includes(v))
        .sort((x, y) => (f === 'year' ? y[0].localeCompare(x[0]) : y[1] - x[1] || x[0].localeCompare(y[0], 'zh-CN')))
        .slice(0, 30);
      if (values.length === 0) continue;
      const fieldset = document.createElement('fieldset');
      const legend = document.createElement('legend');
      legend.textContent = labels[f] ?? f;
      fieldset.append(legend);
      for (const [value, count] of values) {
        const label = document.createElement('label');
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.name = f;
        box.value = value;
        box.checked = state.filters[f]?.includes(value) ?? false;
        box.addEventListener('change', () => {
          refocus = { name: f, value };
          const next = readState();
          const chosen = new Set(next.filters[f] ?? []);
          if (box.checked) chosen.add(value);
          else chosen.delete(value);
          next.filters[f] = [...chosen];
          navigate(next);
        });
        const name = f === 'level' ? (LEVEL_NAMES[value] ?? value) : value;
        label.append(box, count >= 0 ? ` ${name}（${count}）` : ` ${name}`);
        fieldset.append(label);
      }
      facets.append(fieldset);
    }
    if (!facets.querySelector('fieldset')) {
      const none = document.createElement('p');
      none.className = 'facet-note';
      none.textContent = '这次搜索没有可用的筛选条件。';
      facets.append(none);
    }
    if (refocus) {
      const { name, value } = refocus;
      refocus = undefined;
      const box = [...facets.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')].find(
        (b) => b.name === name && b.value === value,
      );
      box?.focus();
    }
  }

  /** A filter value as read: 2023 年度, 县级, 山东省. */
  const valueName = (f: SearchFilter, value: string) =>
    f === 'year' ? `${value} 年度` : f === 'level' ? (LEVEL_NAMES[value] ?? value) : value;

  /** The active filters as removable chips, one 清除全部; their number on the 筛选 control. */
  function renderActive(state: State): void {
    const chosen = SEARCH_FILTERS.flatMap((f) => (state.filters[f] ?? []).map((value) => ({ f, value })));
    filterCount.textContent = chosen.length ? `（已选 ${chosen.length} 项）` : '';
    active.hidden = chosen.length === 0;
    const ul = active.querySelector('ul') as HTMLUListElement;
    ul.replaceChildren(
      ...chosen.map(({ f, value }) => {
        const li = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = `${valueName(f, value)} ✕`;
        button.setAttribute('aria-label', `去掉条件：${labels[f] ?? f} ${valueName(f, value)}`);
        button.addEventListener('click', () => {
          const next = readState();
          next.filters[f] = (next.filters[f] ?? []).filter((v) => v !== value);
          navigate(next);
          (clearFilters.hidden ? input : clearFilters).focus();
        });
        li.append(button);
        return li;
      }),
    );
  }

  /** What the count is of: the filters in words (2023 年度、山东省), or nothing. */
  const scopeOf = (state: State) =>
    SEARCH_FILTERS.flatMap((f) => (state.filters[f] ?? []).map((v) => valueName(f, v))).join('、');

  /**
   * Filters that are exactly one year, or exactly one region (one value of each of province / city / county
   * chosen, naming one region of the archive): that year's or region's feed, to hear of its new reports.
   */
  function offerFeed(state: State): void {
    const chosen = SEARCH_FILTERS.flatMap((f) => (state.filters[f] ?? []).map((v) => [f, v] as const));
    const [only] = chosen;
    const a = feedOffer.querySelector('a') as HTMLAnchorElement;
    feedOffer.hidden = true;
    if (chosen.length === 1 && only?.[0] === 'year' && /^\d{4}$/.test(only[1])) {
      a.href = `${yearsUrl}${only[1]}/rss/`;
      a.textContent = `订阅 ${only[1]} 年度报告的更新（RSS）`;
      feedOffer.hidden = false;
      return;
    }
    const levels = ['province', 'city', 'county'] as const;
    const isRegion = chosen.length > 0 && chosen.every(([f]) => (levels as readonly string[]).includes(f));
    if (!isRegion || levels.some((l) => (state.filters[l]?.length ?? 0) > 1)) return;
    const deepest = [...levels].reverse().find((l) => state.filters[l]?.length);
    regionIndex ??= fetch(regionsUrl)
      .then((r) => (r.ok ? r.json() : { regions: [] }))
      .then((j: { regions: { chain: string[]; level: string | null; path: string }[] }) => j.regions)
      .catch(() => []);
    const mine = run;
    void regionIndex.then((regions) => {
      if (mine !== run) return;
      const matches = regions.filter(
        (r) =>
          r.level === deepest &&
          levels.every((l) => !state.filters[l]?.length || r.chain.includes(state.filters[l]?.[0] ?? '')),
      );
      const [region] = matches;
      if (matches.length !== 1 || !region) return;
      a.href = `${region.path}rss/`;
      a.textContent = `订阅${region.chain.join('')}报告的更新（RSS）`;
      feedOffer.hidden = false;
    });
  }

  /**
   * Nothing found for several terms: which of them alone finds nothing (under the same filters), and a
   * search without each term, one click away.
   */
  async function suggestWithout(state: State, mine: number): Promise<void> {
    const termsOf = state.q.match(/["“「『][^"“”「」『』]+["”」』]?|[^\s"“”「」『』]+/g) ?? [];
    if (termsOf.length < 2) return;
    const alone = await Promise.all(
      termsOf.map(async (term) => {
        const parts = parseQuery(term).parts;
        if (!parts.length) return 1;
        const solo = await engine.run({ query: parts, filters: state.filters, sort: DEFAULT_SORT });
        return (await solo.totals()).count;
      }),
    );
    if (mine !== run) return;
    const lacking = termsOf.filter((_, i) => alone[i] === 0);
    const p = document.createElement('p');
    p.textContent = lacking.length
      ? `没有报告包含：${lacking.map((t) => `「${t}」`).join('、')}。`
      : '每个词语都有报告包含，但没有一份同时包含全部词语。';
    const ul = document.createElement('ul');
    for (const term of termsOf) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      const q = termsOf.filter((t) => t !== term).join(' ');
      a.href = stateUrl({ ...state, q });
      a.textContent = `去掉「${term}」再搜：${q}`;
      a.addEventListener('click', (event) => {
        event.preventDefault();
        navigate({ ...readState(), q });
      });
      li.append(a);
      ul.append(li);
    }
    noResults.replaceChildren(p, ul);
    noResults.hidden = false;
  }

  /** A 4-digit year among the terms: offer the year filter instead (the year a report covers is not a word of it). */
  function offerYear(state: State): void {
    const year = state.q.split(/\s+/).find((t) => /^(?:19|20)\d{2}$/.test(t));
    yearOffer.hidden = !year || (state.filters.year ?? []).includes(year);
    if (!year || yearOffer.hidden) return;
    const button = yearOffer.querySelector('button') as HTMLButtonElement;
    button.textContent = `只看 ${year} 年度的报告？（把「${year}」改为年度条件）`;
    button.onclick = () => {
      const next = readState();
      next.q = next.q
        .split(/\s+/)
        .filter((t) => t !== year)
        .join(' ');
      next.filters.year = [...new Set([...(next.filters.year ?? []), year])];
      navigate(next);
    };
  }

  /** The count in the live region, the facets, and what is left to count. */
  /**
   * Values of a filter combine (several years, several provinces: any of them), so a filter's own counts
   * are those of the search without it: what ticking one more value would add. One search per filter in
   * use, counted as far as the main count (limit).
   */
  async function alongside(state: State, totals: SearchTotals, limit?: number): Promise<SearchTotals> {
    // Not the year: a year filter searches only that year's shards, and counting the other years would read
    // every shard; they stay offered without a count (renderFacets).
    const used = SEARCH_FILTERS.filter((f) => f !== 'year' && state.filters[f]?.length);
    if (used.length === 0) return totals;
    const parts = parseQuery(state.q).parts;
    const facets = { ...totals.facets };
    let combined = { ...totals };
    for (const f of used) {
      const { [f]: _own, ...others } = state.filters;
      const without = await engine.run({ query: parts, filters: others, sort: DEFAULT_SORT });
      const counted = await without.totals(limit);
      facets[f] = counted.facets[f] ?? {};
      // Counted only in part (the search without the filter spans more shards): the facets say so, and
      // 「统计其余」 counts the rest.
      if (!counted.complete)
        combined = {
          ...combined,
          complete: false,
          countedReports: Math.min(combined.countedReports, counted.countedReports),
          uncountedReports: Math.max(combined.uncountedReports, counted.uncountedReports),
        };
    }
    return { ...combined, facets };
  }

  async function showTotals(state: State, totals: SearchTotals, limit?: number): Promise<void> {
    const manifest = await engine.shards();
    const years = [...new Set(manifest.shards.flatMap((s) => s.years.map(String)))];
    const combined = await alongside(state, totals, limit);
    renderFacets(state, combined, years);
    if (totals.complete) more.hidden = shown >= totals.count;
    countAll.hidden = combined.complete;
    countAll.textContent = `统计其余 ${combined.uncountedReports} 份报告`;
    // Announced once the results are on the page, naming the filters the count is under.
    const scope = scopeOf(state);
    const under = scope ? `${scope}：` : '';
    delete status.dataset.busy;
    if (totals.complete)
      status.textContent = totals.count
        ? `${under}找到 ${totals.count} 份报告`
        : `${under}没有找到包含这些词语的报告。`;
    else
      status.textContent = `${under}在已统计的 ${totals.countedReports} 份报告中找到 ${totals.count} 份，其余 ${totals.uncountedReports} 份尚未统计。`;
  }

  async function search(state: State): Promise<void> {
    const mine = ++run;
    shownSearch = stateUrl(state);
    input.value = state.q;
    sort.value = state.sort;
    sortNote.hidden = !state.sort.startsWith('published');
    const parsed = parseQuery(state.q);
    terms = parsed.terms;
    const hasFilters = Object.values(state.filters).some((v) => v?.length);
    renderActive(state);
    offerYear(state);
    offerFeed(state);
    noResults.hidden = true;
    noResults.replaceChildren();
    download.hidden = true;
    if (!parsed.parts.length && !hasFilters) {
      list.replaceChildren();
      list.setAttribute('aria-busy', 'false');
      facets.replaceChildren();
      filterCount.textContent = '';
      more.hidden = true;
      countAll.hidden = true;
      delete status.dataset.busy;
      status.textContent = state.q ? '请输入汉字、字母或数字。' : '';
      return;
    }
    // The live region stays silent while searching (its busy text is drawn by the styles), so that a screen
    // reader announces the new count once, not "searching" and then the count.
    status.textContent = '';
    status.dataset.busy = '1';
    const next = await engine.run({
      query: parsed.parts,
      filters: state.filters,
      sort: (state.sort || DEFAULT_SORT) as SortOrder,
    });
    if (mine !== run) return;
    current = next;
    shown = 0;
    list.replaceChildren();
    more.hidden = true;
    countAll.hidden = true;
    // The first results are shown as soon as the shards they come from are searched; the count and
    // the facets then search the first shards (COUNT_AHEAD_SHARDS), the rest when the reader asks.
    await renderMore();
    if (mine !== run) return;
    const totals = await next.totals(COUNT_AHEAD_SHARDS);
    if (mine !== run) return;
    await showTotals(state, totals, COUNT_AHEAD_SHARDS);
    download.hidden = totals.count === 0;
    if (totals.complete && totals.count === 0) await suggestWithout(state, mine);
  }

  function navigate(state: State): void {
    history.pushState(null, '', stateUrl(state));
    void attempt(state);
  }

  // Results follow the typing (after a short pause); the URL is replaced rather than pushed, so the back
  // button does not step through every keystroke. Enter still records the search in the history.
  let typing: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      const state = { ...readState(), q: input.value.trim() };
      history.replaceState(null, '', stateUrl(state));
      void attempt(state);
    }, 250);
  });
  form.addEventListener('submit', (event) => {
    clearTimeout(typing);
    event.preventDefault();
    navigate({ ...readState(), q: input.value.trim() });
  });
  sort.addEventListener('change', () => navigate({ ...readState(), q: input.value.trim(), sort: sort.value }));
  // Every result of the search as CSV: the catalog's rows (reports.json, the same columns as reports.csv)
  // of the reports found, in the order shown; fetched only when asked for.
  download.addEventListener('click', () => {
    const state = readState();
    if (download.getAttribute('aria-disabled') === 'true') return;
    download.setAttribute('aria-disabled', 'true');
    const parsed = parseQuery(state.q);
    void (async () => {
      const [all, catalog] = await Promise.all([
        engine
          .run({ query: parsed.parts, filters: state.filters, sort: (state.sort || DEFAULT_SORT) as SortOrder })
          .then((r) => r.next(1e9)),
        fetch(catalogUrl).then((r) => r.json() as Promise<{ reports: Record<string, string | number | null>[] }>),
      ]);
      const byPath = new Map(
        catalog.reports.map((row) => [new URL(String(row.permalink), location.href).pathname, row]),
      );
      const rows = all
        .map((d) => byPath.get(new URL(d.url, location.href).pathname))
        .filter((row): row is Record<string, string | number | null> => row !== undefined);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([toCsv(rows)], { type: 'text/csv;charset=utf-8' }));
      link.download = `搜索结果-${state.q.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 40) || '全部'}.csv`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    })()
      .catch((error: unknown) => {
        console.error(error);
        status.textContent = '下载失败，请稍后再试。';
      })
      .finally(() => download.removeAttribute('aria-disabled'));
  });
  clearFilters.addEventListener('click', () => {
    navigate({ ...readState(), filters: {} });
    input.focus();
  });
  more.addEventListener('click', () => {
    if (list.getAttribute('aria-busy') === 'true') return;
    const from = current;
    const mine = run;
    void renderMore(true).then(async () => {
      // More results may come from shards not counted yet: the count then takes them in.
      if (!from || mine !== run || countAll.hidden) return;
      const totals = await from.totals(COUNT_AHEAD_SHARDS);
      if (mine === run && !countAll.hidden) await showTotals(readState(), totals, COUNT_AHEAD_SHARDS);
    });
  });
  // The rest of a large archive, counted when the reader asks; the focus then goes to the count.
  countAll.addEventListener('click', () => {
    const from = current;
    const mine = run;
    if (!from || countAll.hidden || countAll.getAttribute('aria-disabled') === 'true') return;
    countAll.setAttribute('aria-disabled', 'true');
    status.textContent = '正在统计……';
    void from
      .totals()
      .then(async (totals) => {
        if (mine !== run) return;
        await showTotals(readState(), totals);
        status.focus();
      })
      .catch((error: unknown) => {
        console.error(error);
        status.textContent = '搜索暂时无法使用，请稍后再试。';
      })
      .finally(() => countAll.removeAttribute('aria-disabled'));
  });
  // A search that fails (the index missing or unreachable) says so instead of spinning.
  const attempt = (state: State) =>
    search(state).catch((error: unknown) => {
      console.error(error);
      delete status.dataset.busy;
      status.textContent = '搜索暂时无法使用，请稍后再试。';
    });
  // Back and forward restore a search. A link to a fragment (the skip link to the results, a section) fires
  // popstate too: the search on the page is then not run again, which would rebuild the results under the
  // reader's focus.
  window.addEventListener('popstate', () => {
    const state = readState();
    if (stateUrl(state) !== shownSearch) void attempt(state);
  });
  // The reader came to search: fetch the index's entry points while they type — with the newest shard's
  // instance when the page opens on nothing to search in the default order (a search that runs at once
  // loads the shards it needs itself, and another order or a filter would not start with that shard).
  const opening = readState();
  const idle = !opening.q && !opening.sort && !Object.values(opening.filters).some((v) => v?.length);
  void engine.warm(idle).catch(() => undefined);
  void attempt(opening);
}
