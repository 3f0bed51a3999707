/**
 * The one UI of the Excel task pane and the Google Sheets sidebar: vanilla DOM, no framework, no host
 * APIs. It talks to its host only through a Backend. Every string that comes from the workbook (headers,
 * reasons, entity names, sheet names, error messages) is rendered with textContent / option.text, never
 * as HTML.
 */
import type { JobOptions } from '../core/analysis/job';
import { labels } from '../core/analysis/i18n';
import { coerceDate } from '../core/table/coerce';
import { ROLES, type Role } from '../core/types';
import type { Backend, MappingOverrides, RunResult, SourceChoice, SourceInfo } from './backend';
import { fmtInt, panelText, type PanelKind, type PanelText } from './i18n';
import { PANEL_CSS } from './styles';

const KINDS: PanelKind[] = ['breakdown', 'quadrant', 'scorecard', 'tracking'];
/** Roles in the order the mapping shows them: the two required ones first. */
const ROLE_ORDER: Role[] = ['date', 'amount', ...ROLES.filter((r) => r !== 'date' && r !== 'amount')];
/** At most this many skipped rows are listed (the count says how many there are). */
const MAX_SKIPPED = 100;

type Child = Node | string | null | undefined | false;

/** Create an element; string children become text nodes (never parsed as HTML). */
function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return e;
}

function option(value: string, text: string, selected = false): HTMLOptionElement {
  const o = document.createElement('option');
  o.value = value;
  o.text = text;
  o.selected = selected;
  return o;
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

interface Field {
  input: HTMLInputElement | HTMLSelectElement;
  label: string;
  /** Set when the user changed the field: a re-inspection of the same source keeps it. */
  dirty: boolean;
}

interface AnalysisUi {
  kind: PanelKind;
  box: HTMLElement;
  button: HTMLButtonElement;
  fields: Record<string, Field>;
}

export interface PanelHandle {
  /** Re-list the sources and re-inspect the current one. */
  refresh(): Promise<void>;
  /** Resolves when the panel has nothing in flight (for tests and hosts). */
  idle(): Promise<void>;
  destroy(): void;
}

/** Mount the panel into `root` and start (list the sources, inspect the selected one). */
export function mountPanel(root: HTMLElement, backend: Backend): PanelHandle {
  const doc = root.ownerDocument;
  injectStyle(doc);
  const T: PanelText = panelText(backend.lang);
  const id = `sga${++mountCount}`;
  let sources: SourceChoice[] = [];
  let sourceId: string | null = null;
  let overrides: MappingOverrides = {};
  let info: SourceInfo | null = null;
  let inspectSeq = 0;
  let busy = false;
  let running: AbortController | null = null;
  const pending = new Set<Promise<unknown>>();
  const track = <P>(p: Promise<P>): Promise<P> => {
    pending.add(p);
    const done = (): void => void pending.delete(p);
    p.then(done, done);
    return p;
  };

  // ----- Source section -----
  const sourceSelect = h('select', { id: `${id}-source` });
  const refreshButton = h('button', { type: 'button' }, T.refresh);
  const sourceStatus = h('div', { 'aria-live': 'polite' });
  const mapList = h('div', { class: 'sga-map' });
  const resetButton = h('button', { type: 'button', class: 'sga-link', hidden: true }, T.resetColumns);
  const mapBox = h(
    'fieldset',
    { hidden: true },
    h('legend', {}, T.columns),
    h('p', { class: 'sga-muted' }, T.columnsHint),
    mapList,
    resetButton,
  );
  const skippedBox = h('div', { hidden: true });
  const sourceSection = h(
    'section',
    { 'aria-labelledby': `${id}-source-h` },
    h('h2', { id: `${id}-source-h` }, h('label', { for: `${id}-source` }, T.source)),
    h('div', { class: 'sga-row' }, h('div', { class: 'sga-grow' }, sourceSelect), refreshButton),
    sourceStatus,
    mapBox,
    skippedBox,
  );

  // ----- Analyses section -----
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
  const cancelButton = h('button', { type: 'button' }, T.cancel);
  const progressBox = h(
    'div',
    { class: 'sga-progress', hidden: true },
    progressText,
    progressTrack,
    cancelButton,
  );
  const resultBox = h('div', { 'aria-live': 'polite' });
  const runArea = h('div', {}, progressBox, resultBox);

  const analyses = KINDS.map((kind) => buildAnalysis(kind));
  const analysesSection = h(
    'section',
    { 'aria-labelledby': `${id}-an-h` },
    h('h2', { id: `${id}-an-h` }, T.analyses),
    ...analyses.map((a) => a.box),
  );

  const panel = h(
    'div',
    { class: 'sga', lang: backend.lang === 'zh' ? 'zh-CN' : 'en' },
    sourceSection,
    analysesSection,
  );
  root.replaceChildren(panel);

  // ----- Builders -----
  function field(
    a: { fields: Record<string, Field> },
    name: string,
    label: string,
    input: HTMLInputElement | HTMLSelectElement,
    hint?: string,
  ): HTMLElement {
    const fid = `${id}-${name}`;
    input.id = fid;
    const f: Field = { input, label, dirty: false };
    a.fields[name] = f;
    input.addEventListener('change', () => {
      f.dirty = true;
      input.removeAttribute('aria-invalid');
    });
    const hintEl = hint ? h('div', { class: 'sga-muted', id: `${fid}-hint` }, hint) : null;
    if (hintEl) input.setAttribute('aria-describedby', hintEl.id);
    return h('div', { class: 'sga-field' }, h('label', { for: fid }, label), input, hintEl);
  }

  function numberInput(attrs: Record<string, string> = {}): HTMLInputElement {
    return h('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off', ...attrs });
  }

  function buildAnalysis(kind: PanelKind): AnalysisUi {
    const a: AnalysisUi = {
      kind,
      box: h('div', { class: 'sga-analysis' }),
      button: h('button', { type: 'button', class: 'sga-primary', 'data-kind': kind }, T.generate[kind]),
      fields: {},
    };
    const k = kind;
    const items: Child[] = [
      h('h3', {}, T.kinds[kind]),
      h('p', { class: 'sga-muted' }, T.about[kind]),
      field(a, `${k}-by`, T.dimension, h('select', {})),
    ];
    if (kind === 'breakdown') {
      items.push(
        h(
          'div',
          { class: 'sga-pair' },
          field(a, `${k}-year`, T.year, numberInput({ inputmode: 'numeric' })),
          field(a, `${k}-uplift`, T.uplift, numberInput({ placeholder: '0' })),
        ),
        field(a, `${k}-target`, T.target, numberInput(), T.targetHint),
        field(
          a,
          `${k}-seasonality`,
          T.seasonality,
          h(
            'select',
            {},
            option('last', T.seasonalityLast, true),
            option('average', T.seasonalityAverage),
            option('even', T.seasonalityEven),
          ),
        ),
        field(
          a,
          `${k}-unit`,
          T.unit,
          h('select', {}, option('1', '1', true), option('100', '100'), option('1000', '1,000')),
        ),
      );
    } else if (kind === 'tracking') {
      items.push(
        field(
          a,
          `${k}-asof`,
          T.asOf,
          h('input', { type: 'text', autocomplete: 'off', placeholder: 'YYYY-MM-DD' }),
          T.asOfHint,
        ),
        field(a, `${k}-targets`, T.targetsFrom, h('select', {}), T.targetsHint),
      );
    } else {
      items.push(
        field(a, `${k}-period`, T.period, h('input', { type: 'text', autocomplete: 'off' }), T.periodHint),
      );
    }
    if (kind === 'quadrant') {
      const method = h(
        'select',
        {},
        option('mean', T.thresholdMean, true),
        option('median', T.thresholdMedian),
        option('custom', T.thresholdCustom),
      );
      const custom = h(
        'div',
        { class: 'sga-pair', hidden: true },
        field(a, `${k}-x`, T.xThreshold, numberInput()),
        field(a, `${k}-y`, T.yThreshold, numberInput()),
      );
      method.addEventListener('change', () => {
        custom.hidden = method.value !== 'custom';
      });
      items.push(field(a, `${k}-threshold`, T.thresholds, method), custom);
    }
    if (kind === 'scorecard') {
      items.push(field(a, `${k}-tiers`, T.tiers, numberInput({ inputmode: 'text' }), T.tiersHint));
      items.push(field(a, `${k}-leads`, T.leadsFrom, h('select', {}), T.leadsHint));
    }
    items.push(a.button);
    a.box.append(...items.filter((c): c is Node => c instanceof Node));
    a.button.addEventListener('click', () => void track(run(a)));
    return a;
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
      renderInfo();
      setSourceStatus(h('div', { class: 'sga-info' }, T.noSources));
      return;
    }
    await inspect(!keep);
  }

  async function inspect(resetOptions: boolean): Promise<void> {
    if (!sourceId) return;
    const seq = ++inspectSeq;
    const src = sourceId;
    setSourceStatus(h('p', { class: 'sga-muted' }, T.reading));
    updateDisabled(true);
    try {
      const res = await backend.inspect(src, overrides);
      if (seq !== inspectSeq) return;
      info = res;
      renderInfo();
      fillOptions(resetOptions);
    } catch (e) {
      if (seq !== inspectSeq) return;
      info = null;
      renderInfo();
      setSourceStatus(errorBox(T.failed, message(e)));
    } finally {
      if (seq === inspectSeq) updateDisabled(false);
    }
  }

  function setSourceStatus(node: Node | null): void {
    sourceStatus.replaceChildren(...(node ? [node] : []));
  }

  function renderInfo(): void {
    const s = info;
    mapBox.hidden = !s || s.headers.length === 0;
    skippedBox.hidden = !s || s.skipped.length === 0;
    if (!s) {
      mapList.replaceChildren();
      skippedBox.replaceChildren();
      return;
    }
    // Status: the reader's message, or what was read.
    if (!s.ok) {
      setSourceStatus(errorBox(T.cannotRead, s.error ?? ''));
    } else {
      const lines: Child[] = [h('strong', {}, T.rowsRead(fmtInt(s.rows)))];
      if (s.lastDate) lines.push(h('div', { class: 'sga-muted' }, T.dataUntil(s.lastDate)));
      const notes = s.notes.length
        ? h('ul', { class: 'sga-bullets sga-notes' }, ...s.notes.map((n) => h('li', {}, n)))
        : null;
      setSourceStatus(h('div', { class: 'sga-info' }, ...lines, notes));
    }
    // Mapping.
    const rows: Node[] = [];
    for (const role of ROLE_ORDER) {
      const sid = `${id}-map-${role}`;
      const current = s.mapping[role];
      const sel = h('select', { id: sid, 'data-role': role });
      sel.append(option('', T.none, current === undefined));
      s.headers.forEach((hd, i) =>
        sel.append(option(String(i), hd === '' ? T.column(i + 1) : hd, current === i)),
      );
      sel.addEventListener('change', () => {
        overrides = { ...overrides, [role]: sel.value === '' ? null : Number(sel.value) };
        void track(inspect(false));
      });
      rows.push(
        h('label', { for: sid, class: current !== undefined ? 'sga-mapped' : undefined }, T.roles[role]),
        sel,
      );
    }
    mapList.replaceChildren(...rows);
    resetButton.hidden = Object.keys(overrides).length === 0;
    // Skipped rows.
    if (s.skipped.length) {
      const shown = s.skipped.slice(0, MAX_SKIPPED);
      const items = shown.map((r) => {
        const b = h(
          'button',
          { type: 'button', class: 'sga-link', 'data-row': String(r.row) },
          // The reader's reasons start with the row ("Row 12: ..."): show that part in bold.
          ...rowReason(T.row(String(r.row)), r.reason),
        );
        b.addEventListener('click', () => {
          if (sourceId) void track(backend.selectRow(sourceId, r.row).catch(() => undefined));
        });
        return h('li', {}, b);
      });
      if (s.skipped.length > shown.length)
        items.push(h('li', { class: 'sga-muted' }, T.more(fmtInt(s.skipped.length - shown.length))));
      skippedBox.replaceChildren(
        h('h3', {}, T.skipped(fmtInt(s.skipped.length))),
        h('p', { class: 'sga-muted' }, T.skippedHint),
        h('ul', { class: 'sga-skipped' }, ...items),
      );
    } else skippedBox.replaceChildren();
  }

  /** Fill the options' defaults from the summary (keeping what the user changed unless `reset`). */
  function fillOptions(reset: boolean): void {
    const s = info;
    for (const a of analyses) {
      for (const f of Object.values(a.fields)) {
        if (reset) {
          f.dirty = false;
          f.input.removeAttribute('aria-invalid');
        }
      }
      const by = a.fields[`${a.kind}-by`];
      const sel = by.input as HTMLSelectElement;
      const prev = sel.value;
      const dims = s?.dimensions ?? [];
      const def = a.kind === 'scorecard' ? s?.defaults.scorecardBy : s?.defaults.by;
      const keep = by.dirty && dims.some((d) => String(d.index) === prev);
      const chosen = keep
        ? prev
        : def !== null && def !== undefined
          ? String(def)
          : dims[0]
            ? String(dims[0].index)
            : '';
      sel.replaceChildren(
        ...(dims.length
          ? dims.map((d) => option(String(d.index), d.header, String(d.index) === chosen))
          : [option('', T.none, true)]),
      );
      if (!keep) by.dirty = false;
      const setDefault = (name: string, value: string): void => {
        const f = a.fields[name];
        if (f && !f.dirty) f.input.value = value;
      };
      if (a.kind === 'breakdown') {
        setDefault('breakdown-year', s?.defaults.year ? String(s.defaults.year) : '');
        if (reset) {
          setDefault('breakdown-target', '');
          setDefault('breakdown-uplift', '');
        }
      } else if (a.kind === 'tracking') {
        setDefault('tracking-asof', s?.lastDate ?? '');
        fillOtherSources(a.fields['tracking-targets'], T.targetsAuto);
      } else if (a.kind === 'scorecard') {
        setDefault('scorecard-period', s?.defaults.period ?? '');
        fillOtherSources(a.fields['scorecard-leads'], T.leadsAuto);
      } else setDefault(`${a.kind}-period`, s?.defaults.period ?? '');
    }
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
  function readOptions(
    a: AnalysisUi,
  ): { ok: true; options: JobOptions } | { ok: false; field: Field; error: string } {
    const f = a.fields;
    const k = a.kind;
    const options: JobOptions = { lang: backend.lang };
    const bad = (fl: Field, error: string): { ok: false; field: Field; error: string } => ({
      ok: false,
      field: fl,
      error,
    });
    const by = f[`${k}-by`].input.value;
    if (by !== '') options.by = Number(by);
    if (k === 'breakdown') {
      const year = parseNumber(f['breakdown-year'].input.value);
      if (year === undefined || (year !== null && !Number.isInteger(year)))
        return bad(f['breakdown-year'], T.badNumber(T.year));
      if (year !== null) options.year = year;
      const target = parseNumber(f['breakdown-target'].input.value);
      if (target === undefined) return bad(f['breakdown-target'], T.badNumber(T.target));
      if (target !== null) options.target = target;
      const uplift = parseNumber(f['breakdown-uplift'].input.value);
      if (uplift === undefined) return bad(f['breakdown-uplift'], T.badNumber(T.uplift));
      if (uplift !== null) options.uplift = uplift / 100;
      options.seasonality = f['breakdown-seasonality'].input.value as 'last' | 'average' | 'even';
      options.unit = Number(f['breakdown-unit'].input.value);
    } else if (k === 'tracking') {
      const raw = f['tracking-asof'].input.value.trim();
      if (raw !== '') {
        const m = raw.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/);
        const serial = m ? coerceDate(raw) : null;
        if (serial === null) return bad(f['tracking-asof'], T.badDate(T.asOf));
        options.asOf = serial;
      }
    } else {
      const p = f[`${k}-period`].input.value.trim();
      if (p !== '' && !/^\d{4}(\s*-?\s*Q[1-4]|-\d{1,2})?$/i.test(p))
        return bad(f[`${k}-period`], T.badPeriod(T.period));
      if (p !== '') options.period = p;
    }
    if (k === 'quadrant') {
      const m = f['quadrant-threshold'].input.value;
      if (m === 'custom') {
        const x = parseNumber(f['quadrant-x'].input.value);
        if (x === undefined || x === null) return bad(f['quadrant-x'], T.badNumber(T.xThreshold));
        const y = parseNumber(f['quadrant-y'].input.value);
        if (y === undefined || y === null) return bad(f['quadrant-y'], T.badNumber(T.yThreshold));
        options.threshold = { x, y: y / 100 };
      } else options.threshold = m as 'mean' | 'median';
    }
    if (k === 'scorecard') {
      const raw = f['scorecard-tiers'].input.value.trim();
      if (raw !== '') {
        // Separators: ; ， ； spaces, and commas that are not thousands separators ("0, 50,000, 100000").
        const parts = raw
          .split(/[;；，\s]+|,(?!\d{3}(?:\D|$))/)
          .map((x) => x.replace(/,+$/, ''))
          .filter((x) => x !== '');
        const nums = parts.map((x) => parseNumber(x));
        if (
          nums.some((n) => n === null || n === undefined) ||
          nums.some((n, i) => i > 0 && n! <= nums[i - 1]!)
        )
          return bad(f['scorecard-tiers'], T.badTiers(T.tiers));
        const names = labels(backend.lang).tierNames;
        options.tiers = {
          thresholds: nums as number[],
          labels: nums.map((_, i) => (nums.length === names.length ? names[i] : T.tierName(i + 1))),
        };
      }
    }
    return { ok: true, options };
  }

  async function run(a: AnalysisUi): Promise<void> {
    if (busy || !sourceId || !info?.ok) return;
    const parsed = readOptions(a);
    a.box.append(runArea);
    if (!parsed.ok) {
      parsed.field.input.setAttribute('aria-invalid', 'true');
      resultBox.replaceChildren(errorBox(T.failed, parsed.error));
      parsed.field.input.focus();
      return;
    }
    const ctrl = new AbortController();
    running = ctrl;
    busy = true;
    updateDisabled(true);
    resultBox.replaceChildren();
    setProgress(0, T.working);
    progressBox.hidden = false;
    cancelButton.disabled = false;
    cancelButton.focus();
    let result: RunResult | null = null;
    let failure: string | null = null;
    try {
      result = await backend.run(
        {
          kind: a.kind,
          sourceId,
          overrides,
          options: parsed.options,
          ...(a.kind === 'tracking' && a.fields['tracking-targets'].input.value !== ''
            ? { targetSourceId: a.fields['tracking-targets'].input.value }
            : {}),
          ...(a.kind === 'scorecard' && a.fields['scorecard-leads'].input.value !== ''
            ? { leadsSourceId: a.fields['scorecard-leads'].input.value }
            : {}),
        },
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
      r.summary.length
        ? h('ul', { class: 'sga-bullets' }, ...r.summary.map((line) => h('li', {}, line)))
        : null,
      r.sheets.length ? h('div', {}, h('strong', {}, `${T.sheetsWritten}: `), r.sheets.join(', ')) : null,
    );
  }

  function errorBox(title: string, msg: string): HTMLElement {
    return h('div', { class: 'sga-error', role: 'alert' }, h('strong', {}, title), msg);
  }

  function updateDisabled(inspecting: boolean): void {
    const off = busy || inspecting;
    sourceSelect.disabled = busy || sources.length === 0;
    refreshButton.disabled = busy;
    mapList.querySelectorAll('select').forEach((sel) => (sel.disabled = busy));
    resetButton.disabled = busy;
    for (const a of analyses) {
      a.button.disabled = off || !info?.ok;
      for (const f of Object.values(a.fields)) f.input.disabled = busy;
    }
  }

  // ----- Events -----
  sourceSelect.addEventListener('change', () => {
    sourceId = sourceSelect.value || null;
    overrides = {};
    void track(inspect(true));
  });
  refreshButton.addEventListener('click', () => void track(loadSources()));
  resetButton.addEventListener('click', () => {
    overrides = {};
    void track(inspect(false));
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

/** "1,234.5", "1 234", "12%" -> number; "" -> null; anything else -> undefined. */
export function parseNumber(text: string): number | null | undefined {
  const t = text
    .trim()
    .replace(/[,_\s\u00A0，]/g, '')
    .replace(/%$/, '');
  if (t === '') return null;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** "Row 12: amount ..." -> [<span>Row 12</span>, ": amount ..."] (text nodes only). */
function rowReason(prefix: string, reason: string): Child[] {
  const bold = h('span', { class: 'sga-rownum' }, prefix);
  return reason.startsWith(prefix) ? [bold, reason.slice(prefix.length)] : [bold, ': ', reason];
}

function message(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'object' && e && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}
