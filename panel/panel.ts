/**
 * The one UI of the Excel task pane and the Google Sheets sidebar: vanilla DOM, no framework, no host
 * APIs. It talks to its host only through a Backend. Every string that comes from the workbook (headers,
 * reasons, entity names, sheet names, error messages) is rendered with textContent / option.text, never
 * as HTML.
 *
 * The first screen: the source, one line on what was read, the fiscal year, and the four analyses with their
 * main options and Generate (the other options under "More options"). The column mapping is folded away
 * when the reader is sure and open when a required column is missing or was guessed. A field that cannot be
 * read is marked at the field (red, message) and listed in a summary at the top.
 */
import type { Backend, MappingOverrides, RunResult, SourceChoice, SourceInfo } from './backend';
import { buildAnalysis, KINDS, readOptions, sideSources, type AnalysisUi } from './analyses';
import { h, option, refreshIcon } from './dom';
import { fiscalDefaults, localToday, sourceLine, yearText } from './fiscal';
import { createForm, type Field } from './form';
import { panelText, type PanelText } from './i18n';
import { buildMapping, buildSkipped } from './source';
import { PANEL_CSS } from './styles';

export { parseNumber } from './parse';

const FISCAL_KEY = 'sga.fiscalStart';

export type PanelTheme = 'fluent' | 'google';

export interface PanelOptions {
  /** Fluent (Excel task pane, the default) or Google (Sheets sidebar). */
  theme?: PanelTheme;
  /** The host's clock (tests and snapshots fix it); JobOptions.today is its local date. */
  now?: () => Date;
}

let styleInjected = false;
function injectStyle(doc: Document): void {
  if (styleInjected || doc.getElementById('sga-style')) return;
  const s = doc.createElement('style');
  s.id = 'sga-style';
  s.textContent = PANEL_CSS;
  doc.head.append(s);
  styleInjected = true;
}

let mountCount = 0;

export interface PanelHandle {
  /** Re-list the sources and re-inspect the current one. */
  refresh(): Promise<void>;
  /** Resolves when the panel has nothing in flight (for tests and hosts). */
  idle(): Promise<void>;
  destroy(): void;
}

function storedFiscalStart(): number {
  try {
    const v = Number(globalThis.localStorage?.getItem(FISCAL_KEY));
    return Number.isInteger(v) && v >= 1 && v <= 12 ? v : 1;
  } catch {
    return 1;
  }
}

function storeFiscalStart(fs: number): void {
  try {
    globalThis.localStorage?.setItem(FISCAL_KEY, String(fs));
  } catch {
    // Storage refused (private mode, sandbox): the choice lasts as long as the panel.
  }
}

/** Mount the panel into `root` and start (list the sources, inspect the selected one). */
export function mountPanel(root: HTMLElement, backend: Backend, popts: PanelOptions = {}): PanelHandle {
  const doc = root.ownerDocument;
  injectStyle(doc);
  const T: PanelText = panelText(backend.lang);
  const now = popts.now ?? (() => new Date());
  const id = `sga${++mountCount}`;
  let sources: SourceChoice[] = [];
  let sourceId: string | null = null;
  let overrides: MappingOverrides = {};
  let info: SourceInfo | null = null;
  let fiscalStart = storedFiscalStart();
  let inspectSeq = 0;
  let busy = false;
  let running: AbortController | null = null;
  const form = createForm(id, T);
  const pending = new Set<Promise<unknown>>();
  const track = <P>(p: Promise<P>): Promise<P> => {
    pending.add(p);
    const done = (): void => void pending.delete(p);
    p.then(done, done);
    return p;
  };

  // ----- Source section -----
  const sourceSelect = h('select', { id: `${id}-source` });
  const refreshButton = h(
    'button',
    { type: 'button', class: 'sga-icon', title: T.refresh, 'aria-label': T.refresh },
    refreshIcon(),
  );
  const sourceStatus = h('div', { 'aria-live': 'polite', class: 'sga-status' });
  const mapping = buildMapping(id, T, {
    change: (role, value) => {
      overrides = { ...overrides, [role]: value };
      void track(inspect(false));
    },
    reset: () => {
      overrides = {};
      void track(inspect(false));
    },
  });
  const skipped = buildSkipped(id, T, (row) => {
    if (sourceId) void track(backend.selectRow(sourceId, row).catch(() => undefined));
  });
  const fiscalSelect = h(
    'select',
    { id: `${id}-fiscal`, class: 'sga-fiscal' },
    ...T.monthNames.map((m, i) => option(String(i + 1), m, i + 1 === fiscalStart)),
  );
  const sourceSection = h(
    'section',
    { class: 'sga-source', 'aria-labelledby': `${id}-source-h` },
    h(
      'div',
      { class: 'sga-row' },
      h('label', { id: `${id}-source-h`, for: `${id}-source`, class: 'sga-label' }, T.source),
      h('div', { class: 'sga-grow' }, sourceSelect),
      refreshButton,
    ),
    sourceStatus,
    h('div', { class: 'sga-toggles' }, mapping.fold.toggle, skipped.fold.toggle),
    mapping.fold.panel,
    skipped.fold.panel,
    h(
      'div',
      { class: 'sga-row sga-inline' },
      h('label', { for: fiscalSelect.id, class: 'sga-grow' }, T.fiscalStart),
      fiscalSelect,
    ),
  );

  // ----- Progress and results (moved under the analysis that runs) -----
  const progressBar = h('div', {});
  const progressTrack = h(
    'div',
    {
      class: 'sga-bar',
      role: 'progressbar',
      'aria-valuemin': '0',
      'aria-valuemax': '100',
      'aria-valuenow': '0',
      'aria-label': T.working,
    },
    progressBar,
  );
  const progressText = h('div', { class: 'sga-muted', 'aria-live': 'polite' });
  const cancelButton = h('button', { type: 'button', class: 'sga-secondary' }, T.cancel);
  const progressBox = h(
    'div',
    { class: 'sga-progress', hidden: true },
    progressText,
    progressTrack,
    cancelButton,
  );
  const resultBox = h('div', { 'aria-live': 'polite' });
  const runArea = h('div', { class: 'sga-run' }, progressBox, resultBox);

  /** The analysis the user works in has the one primary button; the others are secondary. */
  function setActive(a: AnalysisUi): void {
    active = a;
    for (const x of analyses) {
      x.button.className = x === active ? 'sga-primary' : 'sga-secondary';
      x.box.classList.toggle('sga-active', x === active);
    }
  }

  // ----- Sources and inspection -----
  async function loadSources(): Promise<void> {
    setSourceStatus(h('p', { class: 'sga-muted' }, T.loadingSources));
    let list: { sources: SourceChoice[]; selected: string | null };
    try {
      list = await backend.listSources();
    } catch (e) {
      setSourceStatus(errorBox(T.failed, message(e)));
      return;
    }
    sources = list.sources;
    const keep = sourceId && sources.some((s) => s.id === sourceId) ? sourceId : null;
    sourceId = keep ?? list.selected ?? sources[0]?.id ?? null;
    if (!keep) overrides = {};
    sourceSelect.replaceChildren(...sources.map((s) => option(s.id, s.label, s.id === sourceId)));
    sourceSelect.disabled = sources.length === 0;
    if (!sourceId) {
      info = null;
      renderInfo(true);
      setSourceStatus(h('div', { class: 'sga-info' }, T.noSources));
      return;
    }
    await inspect(!keep);
  }

  async function inspect(fresh: boolean): Promise<void> {
    if (!sourceId) return;
    const seq = ++inspectSeq;
    const src = sourceId;
    setSourceStatus(h('p', { class: 'sga-muted' }, T.reading));
    updateDisabled(true);
    try {
      const res = await backend.inspect(src, overrides);
      if (seq !== inspectSeq) return;
      info = res;
      renderInfo(fresh);
      fillOptions(fresh);
    } catch (e) {
      if (seq !== inspectSeq) return;
      info = null;
      renderInfo(fresh);
      setSourceStatus(errorBox(T.failed, message(e)));
    } finally {
      if (seq === inspectSeq) updateDisabled(false);
    }
  }

  function setSourceStatus(node: Node | null): void {
    sourceStatus.replaceChildren(...(node ? [node] : []));
  }

  function renderInfo(fresh: boolean): void {
    const s = info;
    mapping.render(s, overrides, fresh);
    skipped.render(s);
    if (!s) return;
    if (!s.ok) setSourceStatus(errorBox(T.cannotRead, s.error ?? ''));
    else {
      // Lines break between the parts only, after a dot: "2,891 rows · Jan 2024 – Sep 2026 ·" / "4 regions".
      const line = sourceLine(s, T);
      const parts = line.flatMap((x, i) => [
        i ? ' ' : '',
        h('span', { class: 'sga-nowrap' }, i < line.length - 1 ? `${x} ·` : x),
      ]);
      setSourceStatus(h('p', { class: 'sga-line' }, ...parts));
    }
  }

  /** Fill the options' defaults from the summary (keeping what the user changed unless `fresh`). */
  function fillOptions(fresh: boolean): void {
    const s = info;
    if (fresh) form.clear(allFields());
    for (const a of analyses) {
      if (fresh) for (const f of Object.values(a.fields)) f.dirty = false;
      fillDimension(a, s);
      if (a.kind === 'breakdown') {
        fillOtherSources(a.fields['breakdown-team'], T.teamNone);
        if (fresh) {
          setDefault(a, 'breakdown-target', '');
          setDefault(a, 'breakdown-uplift', '');
        }
      } else if (a.kind === 'tracking') {
        setDefault(a, 'tracking-asof', s?.lastDate ?? '');
        fillOtherSources(a.fields['tracking-targets'], T.targetsAuto);
      } else if (a.kind === 'scorecard') fillOtherSources(a.fields['scorecard-leads'], T.leadsAuto);
    }
    fillFiscalDefaults();
  }

  function setDefault(a: AnalysisUi, name: string, v: string): void {
    const f = a.fields[name];
    if (f && !f.dirty) f.input.value = v;
  }

  /** The year and periods that follow the fiscal year start (fields the user has not changed). */
  function fillFiscalDefaults(): void {
    const d = info?.ok ? fiscalDefaults(info, fiscalStart) : { year: '', period: '' };
    setDefault(analyses[0], 'breakdown-year', d.year);
    setDefault(analyses[1], 'quadrant-period', d.period);
    setDefault(analyses[2], 'scorecard-period', d.period);
    setDefault(analyses[4], 'incentives-period', d.period);
  }

  function fillDimension(a: AnalysisUi, s: SourceInfo | null): void {
    const by = a.fields[`${a.kind}-by`];
    const sel = by.input as HTMLSelectElement;
    const prev = sel.value;
    const dims = s?.dimensions ?? [];
    const def = a.kind === 'scorecard' || a.kind === 'incentives' ? s?.defaults.scorecardBy : s?.defaults.by;
    const keep = by.dirty && dims.some((d) => String(d.index) === prev);
    const chosen = keep ? prev : def != null ? String(def) : dims[0] ? String(dims[0].index) : '';
    sel.replaceChildren(
      ...(dims.length
        ? dims.map((d) => option(String(d.index), d.header, String(d.index) === chosen))
        : [option('', T.none, true)]),
    );
    if (!keep) by.dirty = false;
    if (a.kind === 'breakdown') fillThen(a.fields['breakdown-then'], dims, s?.defaults.then ?? null);
  }

  /** The breakdown's second level: none, or a column (default: the reps within the regions). */
  function fillThen(f: Field, dims: { index: number; header: string }[], def: number | null): void {
    const sel = f.input as HTMLSelectElement;
    const prev = sel.value;
    const keep = f.dirty && (prev === '' || dims.some((d) => String(d.index) === prev));
    const chosen = keep ? prev : def !== null ? String(def) : '';
    sel.replaceChildren(
      option('', T.none, chosen === ''),
      ...dims.map((d) => option(String(d.index), d.header, String(d.index) === chosen)),
    );
    if (!keep) f.dirty = false;
  }

  /** A side-table choice (targets, leads): automatic, then every source but the sales table (keeps a valid choice). */
  function fillOtherSources(f: Field, auto: string): void {
    const sel = f.input as HTMLSelectElement;
    const prev = sel.value;
    const others = sources.filter((x) => x.id !== sourceId);
    const keep = others.some((x) => x.id === prev) ? prev : '';
    sel.replaceChildren(
      option('', auto, keep === ''),
      ...others.map((x) => option(x.id, x.label, x.id === keep)),
    );
  }

  // ----- Running -----
  async function run(a: AnalysisUi): Promise<void> {
    if (busy || !sourceId || !info?.ok) return;
    setActive(a);
    const parsed = readOptions(a, { lang: backend.lang, today: localToday(now()), fiscalStart }, T);
    a.box.append(runArea);
    resultBox.replaceChildren();
    if ('errors' in parsed) {
      form.showErrors(parsed.errors, allFields());
      return;
    }
    form.clear(allFields());
    const ctrl = new AbortController();
    running = ctrl;
    busy = true;
    updateDisabled(true);
    setProgress(0, T.working);
    progressBox.hidden = false;
    cancelButton.disabled = false;
    cancelButton.focus();
    let result: RunResult | null = null;
    let failure: string | null = null;
    try {
      result = await backend.run(
        { kind: a.kind, sourceId, overrides, options: parsed.options, ...sideSources(a) },
        (fraction, msg) => {
          if (running === ctrl) setProgress(fraction, msg);
        },
        ctrl.signal,
      );
    } catch (e) {
      failure = message(e);
    }
    running = null;
    busy = false;
    progressBox.hidden = true;
    updateDisabled(false);
    if (ctrl.signal.aborted) resultBox.replaceChildren(h('div', { class: 'sga-info' }, T.cancelled));
    else if (failure !== null) resultBox.replaceChildren(errorBox(T.failed, T.unexpected(failure)));
    else if (result && result.ok) resultBox.replaceChildren(successBox(result));
    else resultBox.replaceChildren(errorBox(T.failed, result?.error ?? ''));
    a.button.focus();
  }

  function setProgress(fraction: number, msg: string): void {
    const pct = Math.max(0, Math.min(100, Math.round(fraction * 100)));
    progressTrack.setAttribute('aria-valuenow', String(pct));
    progressTrack.setAttribute('aria-valuetext', `${pct}% ${msg}`);
    progressBar.style.width = `${pct}%`;
    progressText.textContent = msg;
  }

  function successBox(r: RunResult): HTMLElement {
    return h(
      'div',
      { class: 'sga-ok', role: 'status' },
      h('strong', {}, T.done),
      r.sheets.length ? h('div', {}, `${T.sheetsWritten}: `, r.sheets.join(', ')) : null,
      r.summary.length
        ? h('ul', { class: 'sga-bullets' }, ...r.summary.map((line) => h('li', {}, line)))
        : null,
    );
  }

  function updateDisabled(inspecting: boolean): void {
    const off = busy || inspecting;
    sourceSelect.disabled = busy || sources.length === 0;
    refreshButton.disabled = busy;
    fiscalSelect.disabled = busy;
    mapping.disable(busy);
    for (const a of analyses) {
      a.button.disabled = off || !info?.ok;
      for (const f of Object.values(a.fields)) f.input.disabled = busy;
    }
  }

  const analyses = KINDS.map((kind) =>
    buildAnalysis(kind, {
      id,
      T,
      form,
      fiscalStart: () => fiscalStart,
      exampleYear: () =>
        (info?.ok ? fiscalDefaults(info, fiscalStart).year : '') || yearText(2027, fiscalStart),
    }),
  );
  const allFields = (): Field[] => analyses.flatMap((a) => Object.values(a.fields));
  for (const a of analyses) {
    a.button.addEventListener('click', () => void track(run(a)));
    a.box.addEventListener('focusin', () => setActive(a));
    a.box.addEventListener('pointerdown', () => setActive(a));
  }
  let active: AnalysisUi = analyses[0];
  const panel = h(
    'div',
    {
      class: `sga sga-${popts.theme ?? 'fluent'}`,
      lang: backend.lang === 'zh' ? 'zh-CN' : 'en',
    },
    form.summary,
    sourceSection,
    h('div', { class: 'sga-analyses' }, ...analyses.map((a) => a.box)),
  );
  root.replaceChildren(panel);
  setActive(active);

  // ----- Events -----
  sourceSelect.addEventListener('change', () => {
    sourceId = sourceSelect.value || null;
    overrides = {};
    void track(inspect(true));
  });
  refreshButton.addEventListener('click', () => void track(loadSources()));
  fiscalSelect.addEventListener('change', () => {
    fiscalStart = Number(fiscalSelect.value);
    storeFiscalStart(fiscalStart);
    fillFiscalDefaults();
  });
  cancelButton.addEventListener('click', () => {
    if (running) {
      running.abort();
      cancelButton.disabled = true;
      progressText.textContent = T.cancelled;
    }
  });

  updateDisabled(true);
  void track(loadSources());

  return {
    refresh: () => track(loadSources()),
    async idle() {
      while (pending.size) await Promise.allSettled([...pending]);
    },
    destroy() {
      running?.abort();
      root.replaceChildren();
    },
  };
}

function errorBox(title: string, msg: string): HTMLElement {
  return h('div', { class: 'sga-error', role: 'alert' }, h('strong', {}, title), msg);
}

function message(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'object' && e && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}
