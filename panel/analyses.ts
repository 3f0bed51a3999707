/**
 * The four analyses of the panel: each one's heading with its dimension, its main options (on the first
 * screen), its other options (under "More options", with what the analysis does), its Generate button, and
 * how its fields become JobOptions.
 */
import type { JobOptions } from '../core/analysis/job';
import { labels } from '../core/analysis/i18n';
import type { Lang } from '../core/types';
import type { RunRequest } from './backend';
import { disclosure, h, option, slidersIcon, type Disclosure } from './dom';
import type { Field, Fields, Form } from './form';
import type { PanelKind, PanelText } from './i18n';
import { readDate, readNumber, readPercent, readPeriod, readTiers, readYear, type Read } from './parse';

export const KINDS: PanelKind[] = ['breakdown', 'quadrant', 'scorecard', 'tracking', 'incentives'];

export interface AnalysisUi {
  kind: PanelKind;
  box: HTMLElement;
  more: Disclosure;
  button: HTMLButtonElement;
  fields: Fields;
}

/** What the analyses need from the panel. */
export interface Ctx {
  id: string;
  T: PanelText;
  form: Form;
  fiscalStart: () => number;
  /** The target year the breakdown would take (for the example in its message). */
  exampleYear: () => string;
}

export function buildAnalysis(kind: PanelKind, c: Ctx): AnalysisUi {
  const { id, T } = c;
  const a: AnalysisUi = {
    kind,
    box: h('section', { class: 'sga-analysis', 'data-analysis': kind, 'aria-labelledby': `${id}-${kind}-h` }),
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
  c.form.register(a.fields, `${kind}-by`, T.dimension, by);
  const head = h(
    'div',
    { class: 'sga-head' },
    h('h2', { id: `${id}-${kind}-h` }, T.kinds[kind]),
    h('label', { for: by.id, class: 'sga-by-label' }, T.by),
    by,
  );
  const [main, more] = FIELDS[kind](a, c);
  a.more.panel.append(h('p', { class: 'sga-muted' }, T.about[kind]), ...more);
  a.box.append(
    head,
    h('div', { class: 'sga-pair' }, ...main),
    a.more.panel,
    h('div', { class: 'sga-actions' }, a.button, a.more.toggle),
  );
  return a;
}

type Built = [main: Node[], more: Node[]];

const textInput = (attrs: Record<string, string> = {}): HTMLInputElement =>
  h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', ...attrs });
const numberInput = (attrs: Record<string, string> = {}): HTMLInputElement =>
  textInput({ inputmode: 'decimal', ...attrs });
const value = (a: AnalysisUi, name: string): string => a.fields[name].input.value;

/** A custom threshold must be there. */
function requireValue<V>(c: Ctx, r: Read<V>): Read<V> {
  return 'value' in r && r.value === null ? { error: c.T.enterNumber } : r;
}

const periodExample = (fs: number): string =>
  fs === 1 ? '2026, 2026-Q2, 2026-03' : 'FY2026, FY2026-Q2, 2026-03';
const periodField = (a: AnalysisUi, c: Ctx): Node =>
  c.form.field(a.fields, `${a.kind}-period`, c.T.period, textInput(), {
    read: () =>
      readPeriod(value(a, `${a.kind}-period`), c.fiscalStart(), c.T, periodExample(c.fiscalStart())),
  });
/** What "To date" does, under More options ("To date: ..."). */
const toDateHint = (c: Ctx): Node =>
  h('p', { class: 'sga-muted' }, c.T.errorLine(c.T.toDate, c.T.toDateHint));
const toDateField = (a: AnalysisUi, c: Ctx): Node =>
  c.form.field(
    a.fields,
    `${a.kind}-todate`,
    c.T.toDate,
    h('input', { type: 'checkbox', title: c.T.toDateHint }),
  );

const FIELDS: Record<PanelKind, (a: AnalysisUi, c: Ctx) => Built> = {
  breakdown: (a, c) => [
    [
      c.form.field(a.fields, 'breakdown-year', c.T.year, numberInput({ inputmode: 'text' }), {
        read: () => readYear(value(a, 'breakdown-year'), c.T, c.exampleYear()),
      }),
      c.form.field(
        a.fields,
        'breakdown-target',
        c.T.target,
        numberInput({ placeholder: c.T.targetPlaceholder }),
        {
          read: () => readNumber(value(a, 'breakdown-target'), c.T),
        },
      ),
    ],
    [
      c.form.field(a.fields, 'breakdown-then', c.T.thenBy, h('select', {}, option('', c.T.none, true))),
      h('p', { class: 'sga-muted' }, c.T.thenByHint),
      c.form.field(a.fields, 'breakdown-team', c.T.teamFrom, h('select', {}), { hint: c.T.teamHint }),
      h(
        'div',
        { class: 'sga-pair' },
        c.form.field(a.fields, 'breakdown-uplift', c.T.uplift, numberInput({ placeholder: '0' }), {
          read: () => readPercent(value(a, 'breakdown-uplift'), c.T),
        }),
        c.form.field(
          a.fields,
          'breakdown-unit',
          c.T.unit,
          h('select', {}, option('1', '1', true), option('100', '100'), option('1000', '1,000')),
        ),
      ),
      h('p', { class: 'sga-muted' }, c.T.targetHint),
      c.form.field(
        a.fields,
        'breakdown-seasonality',
        c.T.seasonality,
        h(
          'select',
          {},
          option('last', c.T.seasonalityLast, true),
          option('average', c.T.seasonalityAverage),
          option('even', c.T.seasonalityEven),
        ),
      ),
      c.form.field(a.fields, 'breakdown-ramp', c.T.ramp, numberInput({ value: '80' }), {
        hint: c.T.rampHint,
        read: () => {
          const r = readPercent(value(a, 'breakdown-ramp'), c.T);
          return 'value' in r && r.value !== null && (r.value < 0 || r.value > 1)
            ? { error: c.T.enterRamp }
            : r;
        },
      }),
    ],
  ],
  quadrant: (a, c) => {
    const method = h(
      'select',
      {},
      option('mean', c.T.thresholdMean, true),
      option('median', c.T.thresholdMedian),
      option('custom', c.T.thresholdCustom),
    );
    const custom = h(
      'div',
      { class: 'sga-pair', hidden: true },
      c.form.field(a.fields, 'quadrant-x', c.T.xThreshold, numberInput(), {
        read: () => requireValue(c, readNumber(value(a, 'quadrant-x'), c.T)),
      }),
      c.form.field(a.fields, 'quadrant-y', c.T.yThreshold, numberInput(), {
        read: () => requireValue(c, readPercent(value(a, 'quadrant-y'), c.T)),
      }),
    );
    method.addEventListener('change', () => {
      custom.hidden = method.value !== 'custom';
    });
    return [
      [periodField(a, c), toDateField(a, c)],
      [toDateHint(c), c.form.field(a.fields, 'quadrant-threshold', c.T.thresholds, method), custom],
    ];
  },
  scorecard: (a, c) => [
    [periodField(a, c), toDateField(a, c)],
    [
      toDateHint(c),
      c.form.field(a.fields, 'scorecard-tiers', c.T.tiers, numberInput({ inputmode: 'text' }), {
        hint: c.T.tiersHint,
        read: () => readTiers(value(a, 'scorecard-tiers'), c.T),
      }),
      c.form.field(a.fields, 'scorecard-leads', c.T.leadsFrom, h('select', {}), { hint: c.T.leadsHint }),
    ],
  ],
  tracking: (a, c) => [
    [
      c.form.field(a.fields, 'tracking-asof', c.T.asOf, textInput({ placeholder: 'YYYY-MM-DD' }), {
        read: () => readDate(value(a, 'tracking-asof'), c.T),
      }),
      c.form.field(a.fields, 'tracking-targets', c.T.targetsFrom, h('select', {})),
    ],
    [],
  ],
  incentives: (a, c) => [[periodField(a, c), toDateField(a, c)], [toDateHint(c)]],
};

/** The options of one analysis, or every field in error. */
export function readOptions(
  a: AnalysisUi,
  base: { lang: Lang; today: number; fiscalStart: number },
  T: PanelText,
): { options: JobOptions } | { errors: [Field, string][] } {
  const bad: [Field, string][] = [];
  const get = <V>(name: string): V | null => {
    const f = a.fields[name];
    const r = f.read?.() ?? { value: f.input.value };
    if ('error' in r) bad.push([f, r.error]);
    return 'value' in r ? (r.value as V | null) : null;
  };
  const o: JobOptions = { ...base };
  const by = get<string>(`${a.kind}-by`);
  if (by) o.by = Number(by);
  if (a.kind === 'breakdown') {
    put(o, 'year', get<number>('breakdown-year'));
    put(o, 'target', get<number>('breakdown-target'));
    put(o, 'uplift', get<number>('breakdown-uplift'));
    o.seasonality = get<'last' | 'average' | 'even'>('breakdown-seasonality') ?? 'last';
    o.unit = Number(get<string>('breakdown-unit'));
    put(o, 'ramp', get<number>('breakdown-ramp'));
    const then = get<string>('breakdown-then');
    o.then = then ? Number(then) : null;
  } else if (a.kind === 'tracking') put(o, 'asOf', get<number>('tracking-asof'));
  else {
    put(o, 'period', get<string>(`${a.kind}-period`));
    o.toDate = (a.fields[`${a.kind}-todate`].input as HTMLInputElement).checked;
  }
  if (a.kind === 'quadrant') {
    const m = get<string>('quadrant-threshold');
    const x = m === 'custom' ? get<number>('quadrant-x') : null;
    const y = m === 'custom' ? get<number>('quadrant-y') : null;
    o.threshold = m === 'custom' ? { x: x ?? 0, y: y ?? 0 } : (m as 'mean' | 'median');
  }
  if (a.kind === 'scorecard') {
    const nums = get<number[]>('scorecard-tiers');
    const names = labels(base.lang).tierNames;
    if (nums)
      o.tiers = {
        thresholds: nums,
        labels: nums.map((_, i) => (nums.length === names.length ? names[i] : T.tierName(i + 1))),
      };
  }
  return bad.length ? { errors: bad } : { options: o };
}

/** Set `o[k]` when the field gave a value (blank fields leave the core's default). */
function put<K extends keyof JobOptions>(o: JobOptions, k: K, v: JobOptions[K] | null): void {
  if (v !== null && v !== undefined) o[k] = v;
}

/** The side table chosen for tracking (targets), the scorecard (leads) or the breakdown (team), if any. */
export function sideSources(
  a: AnalysisUi,
): Pick<RunRequest, 'targetSourceId' | 'leadsSourceId' | 'teamSourceId'> {
  const pick = (name: string): string => a.fields[name]?.input.value ?? '';
  if (a.kind === 'breakdown' && pick('breakdown-team')) return { teamSourceId: pick('breakdown-team') };
  if (a.kind === 'tracking' && pick('tracking-targets')) return { targetSourceId: pick('tracking-targets') };
  if (a.kind === 'scorecard' && pick('scorecard-leads')) return { leadsSourceId: pick('scorecard-leads') };
  return {};
}
