/**
 * Ribbon commands. The manifest's only button opens the task pane (ShowTaskpane, no code needed); this
 * file registers actions that run in the shared runtime, so that ExecuteFunction buttons or keyboard
 * shortcuts added later can call them. Loaded by taskpane.html (the shared runtime page, which is also
 * the FunctionFile) and by commands.html (a stand-alone function file).
 */
/// <reference types="office-js" />

/** Shows the task pane (SharedRuntime 1.1). */
export async function showTaskpane(event?: Office.AddinCommands.Event): Promise<void> {
  try {
    await Office.addin.showAsTaskpane();
  } finally {
    event?.completed();
  }
}

Office.onReady(() => {
  // Office.actions exists only in a shared runtime.
  if (typeof Office.actions?.associate === 'function') Office.actions.associate('showTaskpane', showTaskpane);
});
