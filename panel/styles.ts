/**
 * The panel's stylesheet (Fluent UI look: system font stack, 14px, #0F6CBD accent, 4px radii, subtle
 * borders). Injected by mountPanel as a <style> element so that both hosts (the Excel task pane bundle and
 * the Sheets sidebar, which inlines everything into one HTML file) get it without a separate request.
 * Everything is scoped under .sga. No remote fonts or images.
 */
export const PANEL_CSS = `
.sga, .sga * { box-sizing: border-box; }
.sga {
  font-family: "Segoe UI", "Segoe UI Web (West European)", -apple-system, BlinkMacSystemFont, Roboto,
    "Helvetica Neue", "Microsoft YaHei", "PingFang SC", sans-serif;
  font-size: 14px; line-height: 20px; color: #242424; background: #fff;
  padding: 12px; max-width: 100%; overflow-wrap: anywhere;
}
.sga h1 { font-size: 20px; line-height: 28px; font-weight: 600; margin: 0 0 12px; }
.sga h2 { font-size: 16px; line-height: 22px; font-weight: 600; margin: 0 0 4px; }
.sga h3 { font-size: 14px; line-height: 20px; font-weight: 600; margin: 0 0 4px; }
.sga p { margin: 0 0 8px; }
.sga section, .sga fieldset.sga-card {
  border: 1px solid #E0E0E0; border-radius: 4px; padding: 12px; margin: 0 0 12px; min-width: 0;
}
.sga fieldset { border: 0; padding: 0; margin: 0; min-width: 0; }
.sga legend { padding: 0; font-weight: 600; }
.sga .sga-muted { color: #616161; font-size: 12px; line-height: 16px; }
.sga .sga-row { display: flex; gap: 8px; align-items: flex-end; }
.sga .sga-row > .sga-grow { flex: 1 1 auto; min-width: 0; }
.sga .sga-field { display: flex; flex-direction: column; gap: 2px; margin: 0 0 8px; min-width: 0; }
.sga .sga-field > label, .sga .sga-map label { font-weight: 600; font-size: 12px; line-height: 16px; color: #424242; }
.sga .sga-pair { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 8px; }
.sga .sga-map { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); gap: 4px 8px;
  align-items: center; margin: 8px 0; }
.sga .sga-map label { font-weight: 400; font-size: 14px; color: #242424; }
.sga .sga-map label.sga-mapped { font-weight: 600; }
.sga input, .sga select {
  font: inherit; color: inherit; width: 100%; min-width: 0; max-width: 100%; height: 32px;
  padding: 0 8px; background: #fff; border: 1px solid #D1D1D1; border-bottom-color: #616161;
  border-radius: 4px;
}
.sga select { padding-right: 4px; text-overflow: ellipsis; }
.sga input:hover, .sga select:hover { border-color: #C7C7C7; border-bottom-color: #424242; }
.sga input:disabled, .sga select:disabled { background: #FAFAFA; color: #BDBDBD; border-color: #E0E0E0; }
.sga input[aria-invalid="true"] { border-color: #C50F1F; }
.sga button {
  font: inherit; font-weight: 600; min-height: 32px; padding: 5px 12px; border-radius: 4px; cursor: pointer;
  border: 1px solid #D1D1D1; background: #fff; color: #242424; max-width: 100%;
}
.sga button:hover { background: #F5F5F5; border-color: #C7C7C7; }
.sga button:active { background: #E0E0E0; }
.sga button.sga-primary { background: #0F6CBD; border-color: #0F6CBD; color: #fff; width: 100%; }
.sga button.sga-primary:hover { background: #115EA3; border-color: #115EA3; }
.sga button.sga-primary:active { background: #0C3B5E; }
.sga button:disabled, .sga button.sga-primary:disabled {
  background: #F0F0F0; border-color: #E0E0E0; color: #BDBDBD; cursor: default;
}
.sga :focus-visible { outline: 2px solid #0F6CBD; outline-offset: 1px; }
.sga button.sga-primary:focus-visible { outline: 2px solid #242424; outline-offset: 2px; }
.sga .sga-link {
  border: 0; background: none; padding: 2px 4px; min-height: 0; font-weight: 400; color: #0F6CBD;
  text-align: left; width: 100%; border-radius: 4px;
}
.sga .sga-link:hover { background: #EBF3FC; text-decoration: underline; }
.sga ul { list-style: none; margin: 4px 0 0; padding: 0; }
.sga ul.sga-bullets { list-style: disc; padding-left: 20px; }
.sga ul.sga-bullets li { margin: 0 0 2px; }
.sga .sga-skipped { max-height: 240px; overflow-y: auto; overflow-x: hidden; border-top: 1px solid #F0F0F0; }
.sga .sga-skipped .sga-rownum { font-weight: 600; }
.sga .sga-error {
  background: #FDF3F4; border: 1px solid #EEACB2; color: #751D1F; border-radius: 4px; padding: 8px 12px;
  margin: 8px 0;
}
.sga .sga-error strong { display: block; }
.sga .sga-ok { background: #F1FAF1; border: 1px solid #9FD89F; border-radius: 4px; padding: 8px 12px; margin: 8px 0; }
.sga .sga-info { background: #F5F5F5; border-radius: 4px; padding: 8px 12px; margin: 8px 0; }
.sga .sga-notes { color: #616161; }
.sga .sga-progress { margin: 8px 0; }
.sga .sga-bar { height: 4px; background: #E0E0E0; border-radius: 2px; overflow: hidden; margin: 6px 0; }
.sga .sga-bar > div { height: 100%; width: 0; background: #0F6CBD; transition: width 0.2s; }
.sga .sga-analysis { border-top: 1px solid #F0F0F0; padding-top: 12px; margin-top: 12px; }
.sga .sga-analysis:first-of-type { border-top: 0; padding-top: 0; margin-top: 4px; }
.sga [hidden] { display: none !important; }
`;
