/**
 * The panel's stylesheet, one for both hosts with two themes chosen by a class on the panel:
 * - `.sga-fluent` (Excel task pane): Fluent 2 — Segoe UI, 14px, #0F6CBD brand, 4px radii, 32px controls;
 * - `.sga-google` (Sheets sidebar, 300 px): Google's editor look — Google Sans / Roboto / Arial, #0B57D0,
 *   pill buttons, no card borders.
 * Injected by mountPanel as a <style> element, so both hosts (the Excel bundle and the Sheets sidebar,
 * which inlines everything into one HTML file) get it without a request. Scoped under .sga; no remote
 * fonts or images.
 */
export const PANEL_CSS = `
.sga {
  --font: "Segoe UI", "Segoe UI Web (West European)", -apple-system, BlinkMacSystemFont, Roboto,
    "Helvetica Neue", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif;
  --text: #242424; --muted: #616161; --label: #424242; --line: #E0E0E0; --soft: #F5F5F5;
  --accent: #0F6CBD; --accent-hover: #115EA3; --accent-press: #0C3B5E; --accent-soft: #EBF3FC;
  --field-border: #D1D1D1; --field-bottom: #616161; --radius: 4px; --control: 32px;
  --btn-radius: 4px; --btn-h: 32px; --btn-weight: 600;
  --error: #C50F1F; --error-text: #751D1F; --error-bg: #FDF3F4; --error-border: #EEACB2;
  --ok-bg: #F1FAF1; --ok-border: #9FD89F;
}
.sga.sga-google {
  --font: "Google Sans Text", "Google Sans", Roboto, Arial, "Microsoft YaHei", "PingFang SC",
    "Noto Sans CJK SC", sans-serif;
  --text: #1F1F1F; --muted: #444746; --label: #444746; --line: #E3E3E3; --soft: #F0F4F9;
  --accent: #0B57D0; --accent-hover: #0842A0; --accent-press: #062E6F; --accent-soft: #D3E3FD;
  --field-border: #747775; --field-bottom: #747775; --radius: 4px; --control: 32px;
  --btn-radius: 18px; --btn-h: 32px; --btn-weight: 500;
  --error: #B3261E; --error-text: #8C1D18; --error-bg: #FCEEEE; --error-border: #F2B8B5;
  --ok-bg: #E6F4EA; --ok-border: #A8DAB5;
}
.sga, .sga * { box-sizing: border-box; }
.sga {
  font-family: var(--font); font-size: 14px; line-height: 20px; color: var(--text); background: #fff;
  padding: 12px; max-width: 100%; overflow-wrap: anywhere;
}
.sga h2 { font-size: 14px; line-height: 20px; font-weight: 600; margin: 0; }
.sga.sga-google h2 { font-weight: 500; font-family: "Google Sans", Roboto, Arial, sans-serif; }
.sga p { margin: 0 0 8px; }
.sga section { margin: 0; min-width: 0; }
.sga .sga-source { padding-bottom: 8px; border-bottom: 1px solid var(--line); }
.sga .sga-label, .sga .sga-field > label {
  display: block; font-weight: 600; font-size: 12px; line-height: 16px; color: var(--label); margin: 0 0 2px;
}
.sga.sga-google .sga-label, .sga.sga-google .sga-field > label { font-weight: 500; }
.sga .sga-muted { color: var(--muted); font-size: 12px; line-height: 16px; }
.sga .sga-hint { margin-top: 2px; }
.sga .sga-status { margin: 6px 0 2px; }
.sga .sga-source .sga-row > .sga-label { margin: 0; font-size: 13px; flex: 0 0 auto; }
.sga .sga-line { margin: 0; color: var(--text); }
.sga .sga-nowrap { white-space: nowrap; }
.sga .sga-row { display: flex; gap: 8px; align-items: center; }
.sga .sga-row > .sga-grow { flex: 1 1 auto; min-width: 0; }
.sga .sga-inline { margin-top: 6px; }
.sga .sga-inline > label { font-size: 13px; color: var(--label); }
.sga select.sga-fiscal { width: 128px; flex: 0 0 auto; }
.sga .sga-field { display: flex; flex-direction: column; margin: 0 0 8px; min-width: 0; }
.sga .sga-pair { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0 8px; align-items: start; }
.sga .sga-check { flex-direction: row; align-items: center; gap: 6px; height: var(--control); margin-top: 18px; }
.sga .sga-check > label { font-size: 14px; }
/* A period with "To date": the label sits left of the field, on one line (the first screen stays short). */
.sga .sga-pair:has(> .sga-check) > .sga-field:first-child {
  flex-flow: row wrap; align-items: center; column-gap: 8px;
}
.sga .sga-pair:has(> .sga-check) > .sga-field:first-child > label { margin: 0; font-size: 13px; flex: 0 0 auto; }
.sga .sga-pair:has(> .sga-check) > .sga-field:first-child > input { flex: 1 1 0; }
.sga .sga-pair:has(> .sga-check) > .sga-field:first-child > .sga-field-error { flex: 0 0 100%; }
.sga .sga-pair:has(> .sga-check) > .sga-check { margin-top: 0; }
.sga .sga-check .sga-field-error { display: none; }
.sga input[type="checkbox"] { width: 16px; height: 16px; margin: 0; accent-color: var(--accent); flex: 0 0 auto; }
.sga input[type="text"], .sga select {
  font: inherit; color: inherit; width: 100%; min-width: 0; max-width: 100%; height: var(--control);
  padding: 0 8px; background: #fff; border: 1px solid var(--field-border); border-bottom-color: var(--field-bottom);
  border-radius: var(--radius);
}
.sga select { padding-right: 4px; text-overflow: ellipsis; }
.sga input::placeholder { color: #8A8A8A; }
.sga input:disabled, .sga select:disabled { background: #FAFAFA; color: #BDBDBD; border-color: var(--line); }
.sga [aria-invalid="true"] { border-color: var(--error) !important; box-shadow: inset 0 0 0 1px var(--error); }
.sga .sga-field-error { color: var(--error); font-size: 12px; line-height: 16px; margin-top: 2px; }
.sga .sga-field-error::before { content: "\\26A0\\FE0E  "; }
.sga button {
  font: inherit; font-weight: var(--btn-weight); min-height: var(--btn-h); padding: 5px 12px; cursor: pointer;
  border-radius: var(--btn-radius); border: 1px solid var(--field-border); background: #fff; color: var(--text);
  max-width: 100%;
}
.sga.sga-google button { padding: 5px 16px; }
.sga button:hover { background: var(--soft); }
.sga button.sga-primary {
  background: var(--accent); border-color: var(--accent); color: #fff; width: 100%;
}
.sga button.sga-primary:hover { background: var(--accent-hover); border-color: var(--accent-hover); }
.sga button.sga-primary:active { background: var(--accent-press); }
.sga .sga-analysis button.sga-secondary { width: 100%; color: var(--accent); }
.sga.sga-fluent .sga-analysis button.sga-secondary { color: var(--text); }
.sga.sga-google button.sga-secondary { border-color: #747775; }
.sga button:disabled, .sga button.sga-primary:disabled {
  background: #F0F0F0; border-color: var(--line); color: #BDBDBD; cursor: default;
}
.sga :focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
.sga button.sga-primary:focus-visible { outline: 2px solid var(--text); outline-offset: 2px; }
.sga .sga-link {
  border: 0; background: none; padding: 2px 4px; min-height: 0; font-weight: 400; color: var(--accent);
  text-align: left; width: 100%; border-radius: 4px;
}
.sga .sga-link:hover { background: var(--accent-soft); text-decoration: underline; }
.sga .sga-toggles { display: flex; flex-wrap: wrap; gap: 0 16px; }
.sga button.sga-disclose {
  border: 0; background: none; padding: 2px 0; min-height: 24px; font-weight: 400; font-size: 13px;
  color: var(--accent); border-radius: 2px;
}
.sga button.sga-disclose::after {
  content: ""; display: inline-block; width: 6px; height: 6px; margin: 0 2px 3px 8px;
  border: solid currentColor; border-width: 0 1.5px 1.5px 0; transform: rotate(45deg);
}
.sga button.sga-disclose[aria-expanded="true"]::after { transform: rotate(-135deg); margin-bottom: -1px; }
.sga button.sga-disclose:hover { background: none; text-decoration: underline; }
.sga .sga-fold { margin: 4px 0 4px; }
.sga .sga-more { margin: 0 0 8px; border-left: 2px solid var(--line); padding-left: 8px; }
.sga .sga-actions { display: flex; gap: 8px; }
.sga .sga-actions > button[data-kind] { flex: 1 1 auto; min-width: 0; }
.sga button.sga-icon {
  flex: 0 0 auto; width: var(--btn-h); padding: 0; display: inline-flex; align-items: center;
  justify-content: center; color: var(--muted);
}
.sga button.sga-icon[aria-expanded="true"] { background: var(--accent-soft); color: var(--accent); border-color: var(--accent); }
.sga ul { list-style: none; margin: 4px 0 0; padding: 0; }
.sga ul.sga-bullets { list-style: disc; padding-left: 20px; }
.sga ul.sga-bullets li { margin: 0 0 2px; }
.sga .sga-map { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); gap: 4px 8px;
  align-items: center; margin: 8px 0; }
.sga .sga-map label { font-size: 13px; color: var(--muted); }
.sga .sga-map label.sga-mapped { color: var(--text); font-weight: 600; }
.sga .sga-map label:has(+ select[aria-invalid="true"]) { color: var(--error); font-weight: 600; }
.sga .sga-skipped { max-height: 240px; overflow-y: auto; overflow-x: hidden; border-top: 1px solid var(--line); }
.sga .sga-skipped .sga-rownum { font-weight: 600; }
.sga .sga-error {
  background: var(--error-bg); border: 1px solid var(--error-border); color: var(--error-text);
  border-radius: var(--radius); padding: 8px 12px; margin: 8px 0;
}
.sga .sga-error strong { display: block; }
.sga .sga-summary { margin: 0 0 12px; border-left: 4px solid var(--error); }
.sga .sga-summary .sga-link { color: var(--error-text); text-decoration: underline; padding: 2px 0; }
.sga .sga-ok { background: var(--ok-bg); border: 1px solid var(--ok-border); border-radius: var(--radius);
  padding: 8px 12px; margin: 8px 0; }
.sga .sga-info { background: var(--soft); border-radius: var(--radius); padding: 8px 12px; margin: 8px 0; }
.sga .sga-notes { color: var(--muted); }
.sga .sga-progress { margin: 8px 0; }
.sga .sga-bar { height: 4px; background: var(--line); border-radius: 2px; overflow: hidden; margin: 6px 0; }
.sga .sga-bar > div { height: 100%; width: 0; background: var(--accent); transition: width 0.2s; }
.sga .sga-analysis { border-bottom: 1px solid var(--line); padding: 8px 0; }
.sga .sga-analysis:last-child { border-bottom: 0; }
.sga .sga-head { display: flex; align-items: center; gap: 6px; margin: 0 0 4px; }
.sga .sga-head > h2 { flex: 1 1 auto; min-width: 0; }
.sga .sga-head > .sga-by-label { color: var(--muted); font-size: 13px; flex: 0 0 auto; }
.sga .sga-head > select.sga-by { flex: 0 1 112px; width: 112px; height: 28px; font-size: 13px; }
.sga [hidden] { display: none !important; }
`;
