/**
 * The source's two fold-away parts: the column mapping (folded when the reader is sure of the date and
 * amount columns, open when one is missing or was guessed among others) and the skipped rows.
 */
import { ROLES, type Role } from '../core/types';
import type { MappingOverrides, SourceInfo } from './backend';
import { disclosure, h, option, type Child, type Disclosure } from './dom';
import { fmtInt, type PanelText } from './i18n';

/** Roles in the order the mapping shows them: the two required ones first. */
const ROLE_ORDER: Role[] = ['date', 'amount', ...ROLES.filter((r) => r !== 'date' && r !== 'amount')];
const REQUIRED: Role[] = ['date', 'amount'];
/** At most this many skipped rows are listed (the count says how many there are). */
const MAX_SKIPPED = 100;

export interface MappingUi {
  fold: Disclosure;
  /** Show a summary; `fresh` (a new source) folds the mapping again when the reader is sure. */
  render(s: SourceInfo | null, overrides: MappingOverrides, fresh: boolean): void;
  disable(off: boolean): void;
}

/** Is the mapping worth a look: a required column missing, or chosen among competing ones or guessed? */
export function mappingNeedsLook(s: SourceInfo): boolean {
  return !s.ok || REQUIRED.some((r) => s.mapping[r] === undefined || (s.uncertain ?? []).includes(r));
}

export function buildMapping(
  id: string,
  T: PanelText,
  on: { change: (role: Role, col: number | null) => void; reset: () => void },
): MappingUi {
  const list = h('div', { class: 'sga-map' });
  const notes = h('ul', { class: 'sga-bullets sga-notes' });
  const reset = h('button', { type: 'button', class: 'sga-link', hidden: true }, T.resetColumns);
  reset.addEventListener('click', on.reset);
  const fold = disclosure(
    h('button', { type: 'button', class: 'sga-disclose', hidden: true }, T.columns),
    h(
      'div',
      { class: 'sga-fold', id: `${id}-map` },
      h('p', { class: 'sga-muted' }, T.columnsHint),
      notes,
      list,
      reset,
    ),
  );
  const select = (s: SourceInfo, role: Role): HTMLSelectElement => {
    const current = s.mapping[role];
    const sel = h('select', { id: `${id}-map-${role}`, 'data-role': role });
    sel.append(option('', T.none, current === undefined));
    s.headers.forEach((hd, i) =>
      sel.append(option(String(i), hd === '' ? T.column(i + 1) : hd, current === i)),
    );
    if (!s.ok && (s.missing ?? REQUIRED).includes(role) && current === undefined)
      sel.setAttribute('aria-invalid', 'true');
    sel.addEventListener('change', () => on.change(role, sel.value === '' ? null : Number(sel.value)));
    return sel;
  };
  return {
    fold,
    render(s, overrides, fresh) {
      fold.toggle.hidden = !s || s.headers.length === 0;
      if (!s || fold.toggle.hidden) {
        fold.set(false);
        return list.replaceChildren();
      }
      const rows: Node[] = [];
      for (const role of ROLE_ORDER) {
        const mapped = s.mapping[role] !== undefined;
        rows.push(
          h('label', { for: `${id}-map-${role}`, class: mapped ? 'sga-mapped' : undefined }, T.roles[role]),
          select(s, role),
        );
      }
      list.replaceChildren(...rows);
      notes.replaceChildren(...s.notes.map((n) => h('li', {}, n)));
      notes.hidden = s.notes.length === 0;
      reset.hidden = Object.keys(overrides).length === 0;
      if (mappingNeedsLook(s)) fold.set(true);
      else if (fresh) fold.set(false);
    },
    disable(off) {
      list.querySelectorAll('select').forEach((sel) => (sel.disabled = off));
      reset.disabled = off;
    },
  };
}

export interface SkippedUi {
  fold: Disclosure;
  render(s: SourceInfo | null): void;
}

export function buildSkipped(id: string, T: PanelText, select: (row: number) => void): SkippedUi {
  const list = h('ul', { class: 'sga-skipped' });
  const fold = disclosure(
    h('button', { type: 'button', class: 'sga-disclose', hidden: true }),
    h('div', { class: 'sga-fold', id: `${id}-skipped` }, h('p', { class: 'sga-muted' }, T.skippedHint), list),
  );
  return {
    fold,
    render(s) {
      fold.toggle.hidden = !s || s.skipped.length === 0;
      if (!s || !s.skipped.length) {
        fold.set(false);
        return list.replaceChildren();
      }
      fold.toggle.textContent = T.skippedShort(s.skipped.length);
      const shown = s.skipped.slice(0, MAX_SKIPPED);
      const items = shown.map((r) => {
        const b = h(
          'button',
          { type: 'button', class: 'sga-link', 'data-row': String(r.row) },
          // The reader's reasons start with the row ("Row 12: ..."): show that part in bold.
          ...rowReason(T.row(String(r.row)), r.reason),
        );
        b.addEventListener('click', () => select(r.row));
        return h('li', {}, b);
      });
      if (s.skipped.length > shown.length)
        items.push(h('li', { class: 'sga-muted' }, T.more(fmtInt(s.skipped.length - shown.length))));
      list.replaceChildren(...items);
    },
  };
}

/** "Row 12: amount ..." -> [<span>Row 12</span>, ": amount ..."] (text nodes only). */
function rowReason(prefix: string, reason: string): Child[] {
  const bold = h('span', { class: 'sga-rownum' }, prefix);
  return reason.startsWith(prefix) ? [bold, reason.slice(prefix.length)] : [bold, ': ', reason];
}
