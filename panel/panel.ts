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
import type { JobOptions } from '../core/analysis/job';
import { labels } from '../core/analysis/i18n';
import type { Backend, MappingOverrides, RunRequest, RunResult, SourceChoice, SourceInfo } from './backend';
import { disclosure, h, option, revealAround, slidersIcon, type Disclosure } from './dom';
import { fiscalDefaults, localToday, sourceLine, yearText } from './fiscal';
import { panelText, type PanelKind, type PanelText } from './i18n';
import { buildMapping, buildSkipped } from './source';
import { readDate, readNumber, readPercent, readPeriod, readTiers, readYear, type Read } from './parse';
import { PANEL_CSS } from './styles';

export { parseNumber } from './parse';

const KINDS: PanelKind[] = ['breakdown', 'quadrant', 'scorecard', 'tracking'];
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

interface Field {
  input: HTMLInputElement | HTMLSelectElement;
  label: string;
  /** Set when the user changed the field: a re-inspection of the same source keeps it. */
  dirty: boolean;
  /** The message under the field (hidden when the field is fine). */
  msg: HTMLElement;
  /** Reads the field (value or the message for the field); absent for fields that cannot be wrong. */
  read?: () => Read<unknown>;
}

interface AnalysisUi {
  kind: PanelKind;
  box: HTMLElement;
  more: Disclosure;
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
  /** Fields in error after the last Generate (the summary at the top lists them). */
  const errors = new Map<Field, string>();
  const pending = new Set<Promise<unknown>>();
  const track = <P>(p: Promise<P>): Promise<P> => {
    pending.add(p);
    const done = (): void => void pending.delete(p);
    p.then(done, done);
    return p;
  };

  // ----- The error summary (top) -----
  const summaryList = h('ul', { class: 'sga-summary-list' });
  const summaryTitle = h('strong', {});
  const errorSummary = h(
    'div',
    { class: 'sga-error sga-summary', role: 'alert', hidden: true, tabindex: '-1' },
    summaryTitle,
    summaryList,
  );

  // ----- Source section -----
  const sourceSelect = h('select', { id: `${id}-source` });
  const refreshButton = h('button', { type: 'button', class: 'sga-secondary' }, T.refresh);
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
    h('label', { id: `${id}-source-h`, for: `${id}-source`, class: 'sga-label' }, T.source),
    h('div', { class: 'sga-row' }, h('div', { class: 'sga-grow' }, sourceSelect), refreshButton),
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

  // ----- Fields -----
  function field(
    a: { fields: Record<string, Field> },
    name: string,
    label: string,
    input: HTMLInputElement | HTMLSelectElement,
    opts: { hint?: string; read?: () => Read<unknown> } = {},
  ): HTMLElement {
    const f = register(a, name, label, input, opts.read);
    const fid = input.id;
    const msg = f.msg;
    const hint = opts.hint ? h('div', { class: 'sga-muted sga-hint', id: `${fid}-hint` }, opts.hint) : null;
    describe(f, hint);
    const box = input.type === 'checkbox' ? 'sga-field sga-check' : 'sga-field';
    return input.type === 'checkbox'
      ? h('div', { class: box }, input, h('label', { for: fid }, label), msg)
      : h('div', { class: box }, h('label', { for: fid }, label), input, hint, msg);
  }

  /** A field of analysis `a`: its id, its message element, and its check when the user changes it. */
  function register(
    a: { fields: Record<string, Field> },
    name: string,
    label: string,
    input: HTMLInputElement | HTMLSelectElement,
    read?: () => Read<unknown>,
  ): Field {
    input.id = `${id}-${name}`;
    const msg = h('div', { class: 'sga-field-error', id: `${input.id}-error`, hidden: true });
    const f: Field = { input, label, dirty: false, msg, read };
    a.fields[name] = f;
    // Typing marks the field as the user's; a field in error is re-checked as it is typed (not on blur,
    // which would move the button being clicked).
    input.addEventListener('input', () => {
      f.dirty = true;
      check(f);
    });
    input.addEventListener('change', () => {
      f.dirty = true;
    });
    return f;
  }

  function describe(f: Field, hint: HTMLElement | null): void {
    const ids = [hint?.id, f.msg.hidden ? null : f.msg.id].filter(Boolean).join(' ');
    if (ids) f.input.setAttribute('aria-describedby', ids);
    else f.input.removeAttribute('aria-describedby');
  }

  /** Show (or clear) a field's message; the summary at the top follows while it is shown. */
  function setError(f: Field, error: string | null): void {
    f.msg.textContent = error ?? '';
    f.msg.hidden = error === null;
    if (error === null) f.input.removeAttribute('aria-invalid');
    else f.input.setAttribute('aria-invalid', 'true');
    describe(f, doc.getElementById(`${f.input.id}-hint`));
    if (error === null) errors.delete(f);
    else if (!errorSummary.hidden) errors.set(f, error);
    renderSummary();
  }

  /** Re-check a field in error (its message goes as soon as it is fixed); others are checked at Generate. */
  function check(f: Field): void {
    if (f.msg.hidden) return;
    const r = f.read?.();
    setError(f, r && 'error' in r ? r.error : null);
  }

  function renderSummary(): void {
    errorSummary.hidden = errors.size === 0;
    summaryTitle.textContent = T.errorsTitle(errors.size);
    summaryList.replaceChildren(
      ...[...errors].map(([f, msg]) => {
        const link = h('button', { type: 'button', class: 'sga-link' }, T.errorLine(f.label, msg));
        link.addEventListener('click', () => focusField(f));
        return h('li', {}, link);
      }),
    );
  }

  function focusField(f: Field): void {
    revealAround(f.input);
    f.input.focus();
  }

  const textInput = (attrs: Record<string, string> = {}): HTMLInputElement =>
    h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', ...attrs });
  const numberInput = (attrs: Record<string, string> = {}): HTMLInputElement =>
    textInput({ inputmode: 'decimal', ...attrs });

  // ----- Analyses -----
  function buildAnalysis(kind: PanelKind): AnalysisUi {
    const a: AnalysisUi = {
      kind,
      box: h('section', {
        class: 'sga-analysis',
        'data-analysis': kind,
        'aria-labelledby': `${id}-${kind}-h`,
      }),
      more: disclosure(
        h(
          'button',
          {
            type: 'button',
            class: 'sga-icon',
            'data-more': kind,
            title: T.moreOptions,
            'aria-label': T.moreOptions,
          },
          slidersIcon(),
        ),
        h('div', { class: 'sga-more', id: `${id}-${kind}-more` }),
      ),
      button: h('button', { type: 'button', 'data-kind': kind }, T.generate[kind]),
      fields: {},
    };
    const by = h('select', { class: 'sga-by' });
    register(a, `${kind}-by`, T.dimension, by);
    const head = h(
      'div',
      { class: 'sga-head' },
      h('h2', { id: `${id}-${kind}-h` }, T.kinds[kind]),
      h('label', { for: `${id}-${kind}-by`, class: 'sga-by-label' }, T.by),
      by,
    );
    const [main, more] = ANALYSIS_FIELDS[kind](a);
    a.more.panel.append(h('p', { class: 'sga-muted' }, T.about[kind]), ...more);
    a.box.append(
      head,
      h('div', { class: 'sga-pair' }, ...main),
      a.more.panel,
      h('div', { class: 'sga-actions' }, a.button, a.more.toggle),
    );
    a.button.addEventListener('click', () => void track(run(a)));
    a.box.addEventListener('focusin', () => setActive(a));
    a.box.addEventListener('pointerdown', () => setActive(a));
    return a;
  }

  type Built = [main: Node[], more: Node[]];
  const exampleYear = (): string =>
    (info?.ok ? fiscalDefaults(info, fiscalStart).year : '') || yearText(2027, fiscalStart);
  const periodExample = (): string =>
    fiscalStart === 1 ? '2026, 2026-Q2, 2026-03' : 'FY2026, FY2026-Q2, 2026-03';
  const periodField = (a: AnalysisUi): Node =>
    field(a, `${a.kind}-period`, T.period, textInput(), {
      read: () => readPeriod(a.fields[`${a.kind}-period`].input.value, fiscalStart, T, periodExample()),
    });
  const toDateField = (a: AnalysisUi): Node =>
    field(a, `${a.kind}-todate`, T.toDate, h('input', { type: 'checkbox', title: T.toDateHint }));
  const value = (a: AnalysisUi, name: string): string => a.fields[name].input.value;

  const ANALYSIS_FIELDS: Record<PanelKind, (a: AnalysisUi) => Built> = {
    breakdown: (a) => [
      [
        field(a, 'breakdown-year', T.year, numberInput({ inputmode: 'text' }), {
          read: () => readYear(value(a, 'breakdown-year'), T, exampleYear()),
        }),
        field(a, 'breakdown-target', T.target, numberInput({ placeholder: T.targetPlaceholder }), {
          read: () => readNumber(value(a, 'breakdown-target'), T),
        }),
      ],
      [
        h(
          'div',
          { class: 'sga-pair' },
          field(a, 'breakdown-uplift', T.uplift, numberInput({ placeholder: '0' }), {
            read: () => readPercent(value(a, 'breakdown-uplift'), T),
          }),
          field(
            a,
            'breakdown-unit',
            T.unit,
            h('select', {}, option('1', '1', true), option('100', '100'), option('1000', '1,000')),
          ),
        ),
        h('p', { class: 'sga-muted' }, T.targetHint),
        field(
          a,
          'breakdown-seasonality',
          T.seasonality,
          h(
            'select',
            {},
            option('last', T.seasonalityLast, true),
            option('average', T.seasonalityAverage),
            option('even', T.seasonalityEven),
          ),
        ),
        field(a, 'breakdown-ramp', T.ramp, numberInput({ value: '80' }), {
          hint: T.rampHint,
          read: () => {
            const r = readPercent(value(a, 'breakdown-ramp'), T);
            return 'value' in r && r.value !== null && (r.value < 0 || r.value > 1)
              ? { error: T.enterRamp }
              : r;
          },
        }),
      ],
    ],
    quadrant: (a) => {
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
        field(a, 'quadrant-x', T.xThreshold, numberInput(), {
          read: () => requireValue(readNumber(value(a, 'quadrant-x'), T)),
        }),
        field(a, 'quadrant-y', T.yThreshold, numberInput(), {
          read: () => requireValue(readPercent(value(a, 'quadrant-y'), T)),
        }),
      );
      method.addEventListener('change', () => {
        custom.hidden = method.value !== 'custom';
      });
      return [
        [periodField(a), toDateField(a)],
        [field(a, 'quadrant-threshold', T.thresholds, method), custom],
      ];
    },
    scorecard: (a) => [
      [periodField(a), toDateField(a)],
      [
        field(a, 'scorecard-tiers', T.tiers, numberInput({ inputmode: 'text' }), {
          hint: T.tiersHint,
          read: () => readTiers(value(a, 'scorecard-tiers'), T),
        }),
        field(a, 'scorecard-leads', T.leadsFrom, h('select', {}), { hint: T.leadsHint }),
      ],
    ],
    tracking: (a) => [
      [
        field(a, 'tracking-asof', T.asOf, textInput({ placeholder: 'YYYY-MM-DD' }), {
          read: () => readDate(value(a, 'tracking-asof'), T),
        }),
        field(a, 'tracking-targets', T.targetsFrom, h('select', {})),
      ],
      [],
    ],
  };

  /** A custom threshold must be there. */
  function requireValue<V>(r: Read<V>): Read<V> {
    return 'value' in r && r.value === null ? { error: T.enterNumber } : r;
  }

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
    for (const a of analyses) {
      if (fresh) for (const f of Object.values(a.fields)) resetField(f);
      fillDimension(a, s);
      if (a.kind === 'breakdown' && fresh) {
        setDefault(a, 'breakdown-target', '');
        setDefault(a, 'breakdown-uplift', '');
      } else if (a.kind === 'tracking') {
        setDefault(a, 'tracking-asof', s?.lastDate ?? '');
        fillOtherSources(a.fields['tracking-targets'], T.targetsAuto);
      } else if (a.kind === 'scorecard') fillOtherSources(a.fields['scorecard-leads'], T.leadsAuto);
    }
    fillFiscalDefaults();
  }

  function resetField(f: Field): void {
    f.dirty = false;
    if (!f.msg.hidden) setError(f, null);
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
  }

  function fillDimension(a: AnalysisUi, s: SourceInfo | null): void {
    const by = a.fields[`${a.kind}-by`];
    const sel = by.input as HTMLSelectElement;
    const prev = sel.value;
    const dims = s?.dimensions ?? [];
    const def = a.kind === 'scorecard' ? s?.defaults.scorecardBy : s?.defaults.by;
    const keep = by.dirty && dims.some((d) => String(d.index) === prev);
    const chosen = keep ? prev : def != null ? String(def) : dims[0] ? String(dims[0].index) : '';
    sel.replaceChildren(
      ...(dims.length
        ? dims.map((d) => option(String(d.index), d.header, String(d.index) === chosen))
        : [option('', T.none, true)]),
    );
    if (!keep) by.dirty = false;
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
  /** The options of one analysis, or every field in error. */
  function readOptions(a: AnalysisUi): { options: JobOptions } | { errors: [Field, string][] } {
    const bad: [Field, string][] = [];
    const get = <V>(name: string): V | null => {
      const f = a.fields[name];
      const r = f.read?.() ?? { value: f.input.value };
      if ('error' in r) bad.push([f, r.error]);
      return 'value' in r ? (r.value as V | null) : null;
    };
    const checked = (name: string): boolean => (a.fields[name].input as HTMLInputElement).checked;
    const o: JobOptions = { lang: backend.lang, today: localToday(now()), fiscalStart };
    const by = get<string>(`${a.kind}-by`);
    if (by) o.by = Number(by);
    if (a.kind === 'breakdown') {
      put(o, 'year', get<number>('breakdown-year'));
      put(o, 'target', get<number>('breakdown-target'));
      put(o, 'uplift', get<number>('breakdown-uplift'));
      o.seasonality = get<'last' | 'average' | 'even'>('breakdown-seasonality') ?? 'last';
      o.unit = Number(get<string>('breakdown-unit'));
      put(o, 'ramp', get<number>('breakdown-ramp'));
    } else if (a.kind === 'tracking') {
      put(o, 'asOf', get<number>('tracking-asof'));
    } else {
      put(o, 'period', get<string>(`${a.kind}-period`));
      o.toDate = checked(`${a.kind}-todate`);
    }
    if (a.kind === 'quadrant') {
      const m = get<string>('quadrant-threshold');
      if (m === 'custom') {
        const x = get<number>('quadrant-x');
        const y = get<number>('quadrant-y');
        if (x !== null && y !== null) o.threshold = { x, y };
      } else o.threshold = m as 'mean' | 'median';
    }
    if (a.kind === 'scorecard') {
      const nums = get<number[]>('scorecard-tiers');
      if (nums) {
        const names = labels(backend.lang).tierNames;
        o.tiers = {
          thresholds: nums,
          labels: nums.map((_, i) => (nums.length === names.length ? names[i] : T.tierName(i + 1))),
        };
      }
    }
    return bad.length ? { errors: bad } : { options: o };
  }

  function request(a: AnalysisUi, options: JobOptions): RunRequest {
    const side = (name: string): string => a.fields[name].input.value;
    return {
      kind: a.kind,
      sourceId: sourceId!,
      overrides,
      options,
      ...(a.kind === 'tracking' && side('tracking-targets') !== ''
        ? { targetSourceId: side('tracking-targets') }
        : {}),
      ...(a.kind === 'scorecard' && side('scorecard-leads') !== ''
        ? { leadsSourceId: side('scorecard-leads') }
        : {}),
    };
  }

  /** Mark every field in error and list them at the top; the first one gets the focus. */
  function showErrors(bad: [Field, string][]): void {
    errors.clear();
    for (const x of analyses) for (const f of Object.values(x.fields)) if (!f.msg.hidden) setError(f, null);
    errorSummary.hidden = false;
    for (const [f, msg] of bad) {
      setError(f, msg);
      revealAround(f.input);
    }
    focusField(bad[0][0]);
  }

  function clearErrors(): void {
    for (const f of [...errors.keys()]) setError(f, null);
    errors.clear();
    renderSummary();
  }

  async function run(a: AnalysisUi): Promise<void> {
    if (busy || !sourceId || !info?.ok) return;
    setActive(a);
    const parsed = readOptions(a);
    a.box.append(runArea);
    resultBox.replaceChildren();
    if ('errors' in parsed) {
      showErrors(parsed.errors);
      return;
    }
    clearErrors();
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
        request(a, parsed.options),
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

  const analyses = KINDS.map((kind) => buildAnalysis(kind));
  let active: AnalysisUi = analyses[0];
  const panel = h(
    'div',
    {
      class: `sga sga-${popts.theme ?? 'fluent'}`,
      lang: backend.lang === 'zh' ? 'zh-CN' : 'en',
    },
    errorSummary,
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

/** Set `o[k]` when the field gave a value (blank fields leave the core's default). */
function put<K extends keyof JobOptions>(o: JobOptions, k: K, v: JobOptions[K] | null): void {
  if (v !== null && v !== undefined) o[k] = v;
}

function errorBox(title: string, msg: string): HTMLElement {
  return h('div', { class: 'sga-error', role: 'alert' }, h('strong', {}, title), msg);
}

function message(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'object' && e && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}
