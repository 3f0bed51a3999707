/** The panel's DOM helpers: elements from data, never from HTML text. */

export type Child = Node | string | null | undefined | false;

/** Create an element; string children become text nodes (never parsed as HTML). */
export function h<K extends keyof HTMLElementTagNameMap>(
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

export function option(value: string, text: string, selected = false): HTMLOptionElement {
  const o = document.createElement('option');
  o.value = value;
  o.text = text;
  o.selected = selected;
  return o;
}

/** A toggle button that shows and hides a panel (aria-expanded, aria-controls). */
export interface Disclosure {
  toggle: HTMLButtonElement;
  panel: HTMLElement;
  readonly open: boolean;
  set(open: boolean): void;
}

const disclosures = new WeakMap<Element, Disclosure>();

export function disclosure(toggle: HTMLButtonElement, panel: HTMLElement): Disclosure {
  const d: Disclosure = {
    toggle,
    panel,
    get open() {
      return !panel.hidden;
    },
    set(open) {
      panel.hidden = !open;
      toggle.setAttribute('aria-expanded', String(open));
    },
  };
  toggle.setAttribute('aria-controls', panel.id);
  toggle.addEventListener('click', () => d.set(panel.hidden));
  disclosures.set(panel, d);
  d.set(false);
  return d;
}

/** Open every disclosure panel around `el` (so that a field in error can be seen and focused). */
export function revealAround(el: Element): void {
  for (let p = el.parentElement; p; p = p.parentElement) disclosures.get(p)?.set(true);
}

const SVG = 'http://www.w3.org/2000/svg';

/** The "options" icon (three sliders), drawn with DOM calls. */
export function slidersIcon(): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 20 20');
  svg.setAttribute('width', '18');
  svg.setAttribute('height', '18');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', 'M3 5h14M3 10h14M3 15h14');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '1.5');
  path.setAttribute('stroke-linecap', 'round');
  svg.append(path);
  for (const [cx, cy] of [
    [7, 5],
    [13, 10],
    [9, 15],
  ]) {
    const c = document.createElementNS(SVG, 'circle');
    c.setAttribute('cx', String(cx));
    c.setAttribute('cy', String(cy));
    c.setAttribute('r', '2');
    c.setAttribute('fill', '#fff');
    c.setAttribute('stroke', 'currentColor');
    c.setAttribute('stroke-width', '1.5');
    svg.append(c);
  }
  return svg;
}

/** The "refresh" icon (a circular arrow), drawn with DOM calls. */
export function refreshIcon(): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 20 20');
  svg.setAttribute('width', '18');
  svg.setAttribute('height', '18');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', 'M16 10a6 6 0 1 1-1.76-4.24M16 3.5v3h-3');
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '1.6');
  path.setAttribute('stroke-linecap', 'round');
  path.setAttribute('stroke-linejoin', 'round');
  svg.append(path);
  return svg;
}
