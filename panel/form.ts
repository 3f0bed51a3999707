/**
 * The panel's fields and their errors: each field has a label, an input, an optional hint and a message
 * under it (red state, aria-invalid, aria-describedby); a Generate that finds fields in error lists them in
 * a summary at the top, each entry taking you to its field.
 */
import { h, revealAround } from './dom';
import type { PanelText } from './i18n';
import type { Read } from './parse';

export interface Field {
  input: HTMLInputElement | HTMLSelectElement;
  label: string;
  /** Set when the user changed the field: a re-inspection of the same source keeps it. */
  dirty: boolean;
  /** The message under the field (hidden when the field is fine). */
  msg: HTMLElement;
  hint: HTMLElement | null;
  /** Reads the field (value or the message for the field); absent for fields that cannot be wrong. */
  read?: () => Read<unknown>;
}

export type Fields = Record<string, Field>;

export interface FieldOptions {
  hint?: string;
  read?: () => Read<unknown>;
}

export interface Form {
  /** The summary of the errors, at the top of the panel. */
  summary: HTMLElement;
  /** A field registered in `fields` under `name`, id `<panel id>-<name>`, without a wrapper. */
  register(fields: Fields, name: string, label: string, input: Field['input'], opts?: FieldOptions): Field;
  /** A field with its label, hint and message, ready to place. */
  field(fields: Fields, name: string, label: string, input: Field['input'], opts?: FieldOptions): HTMLElement;
  /** Mark these fields (and only these) in error, list them at the top, focus the first. */
  showErrors(bad: [Field, string][], all: Field[]): void;
  /** No field in error any more. */
  clear(all: Field[]): void;
}

export function createForm(id: string, T: PanelText): Form {
  /** Fields in error since the last Generate (the summary lists them). */
  const errors = new Map<Field, string>();
  const title = h('strong', {});
  const list = h('ul', {});
  const summary = h(
    'div',
    { class: 'sga-error sga-summary', role: 'alert', hidden: true, tabindex: '-1' },
    title,
    list,
  );

  const describe = (f: Field): void => {
    const ids = [f.hint?.id, f.msg.hidden ? null : f.msg.id].filter(Boolean).join(' ');
    if (ids) f.input.setAttribute('aria-describedby', ids);
    else f.input.removeAttribute('aria-describedby');
  };

  const focus = (f: Field): void => {
    revealAround(f.input);
    f.input.focus();
  };

  function renderSummary(): void {
    summary.hidden = errors.size === 0;
    title.textContent = T.errorsTitle(errors.size);
    list.replaceChildren(
      ...[...errors].map(([f, msg]) => {
        const link = h('button', { type: 'button', class: 'sga-link' }, T.errorLine(f.label, msg));
        link.addEventListener('click', () => focus(f));
        return h('li', {}, link);
      }),
    );
  }

  /** Show (or clear) a field's message; the summary at the top follows while it is shown. */
  function setError(f: Field, error: string | null): void {
    f.msg.textContent = error ?? '';
    f.msg.hidden = error === null;
    if (error === null) f.input.removeAttribute('aria-invalid');
    else f.input.setAttribute('aria-invalid', 'true');
    describe(f);
    if (error === null) errors.delete(f);
    else if (!summary.hidden) errors.set(f, error);
    renderSummary();
  }

  /** Re-check a field in error (its message goes as soon as it is fixed); others are checked at Generate. */
  function check(f: Field): void {
    if (f.msg.hidden) return;
    const r = f.read?.();
    setError(f, r && 'error' in r ? r.error : null);
  }

  const form: Form = {
    summary,
    register(fields, name, label, input, opts = {}) {
      input.id = `${id}-${name}`;
      const msg = h('div', { class: 'sga-field-error', id: `${input.id}-error`, hidden: true });
      const hint = opts.hint
        ? h('div', { class: 'sga-muted sga-hint', id: `${input.id}-hint` }, opts.hint)
        : null;
      const f: Field = { input, label, dirty: false, msg, hint, read: opts.read };
      fields[name] = f;
      describe(f);
      // Typing marks the field as the user's; a field in error is re-checked as it is typed (not on blur,
      // which would move the button being clicked).
      input.addEventListener('input', () => {
        f.dirty = true;
        check(f);
      });
      input.addEventListener('change', () => void (f.dirty = true));
      return f;
    },
    field(fields, name, label, input, opts = {}) {
      const f = form.register(fields, name, label, input, opts);
      const lab = h('label', { for: input.id }, label);
      return input.type === 'checkbox'
        ? h('div', { class: 'sga-field sga-check' }, input, lab, f.msg)
        : h('div', { class: 'sga-field' }, lab, input, f.hint, f.msg);
    },
    showErrors(bad, all) {
      form.clear(all);
      summary.hidden = false;
      for (const [f, msg] of bad) {
        setError(f, msg);
        revealAround(f.input);
      }
      focus(bad[0][0]);
    },
    clear(all) {
      errors.clear();
      for (const f of all) if (!f.msg.hidden) setError(f, null);
      renderSummary();
    },
  };
  return form;
}
