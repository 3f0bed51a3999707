/**
 * Task pane entry (placeholder until the shared panel is wired in): waits for Office.js.
 */
/// <reference types="office-js" />

Office.onReady(() => {
  const app = document.getElementById('app');
  if (app) app.textContent = 'Sales Goals and KPIs';
});
