/**
 * The server bundle's entry. webpack exposes these as `var SGA = {...}`; the pushed Code.js adds one
 * top-level function per entry point (sheets-addon/entry-points.json) that delegates here, and
 * custom-functions.js calls SGA.kpi. Nothing else may reach the global scope.
 */
import type { MappingOverrides, RunRequest, SourceChoice, SourceInfo } from '../../panel/backend';
import type { Lang } from '../../core/types';
import { apiContinue, apiInspect, apiListSources, apiRun, apiSelectRow } from './app';
import { kpi } from './kpi';
import { menuHelp, onOpen as addMenu, runFromMenu } from './menu';
import { cancelRun as cancel, getProgress as progressOf, type RunStep } from './progress';
import type { StepResult } from './run';
import { openPanel } from './sidebar';

type OpenEvent = Parameters<typeof addMenu>[0];

export function onOpen(e?: OpenEvent): void {
  addMenu(e);
}

export function onInstall(e?: OpenEvent): void {
  addMenu(e);
}

export function sgaOpenPanel(): void {
  openPanel();
}

export function sgaMenuBreakdown(): void {
  runFromMenu('breakdown');
}

export function sgaMenuQuadrant(): void {
  runFromMenu('quadrant');
}

export function sgaMenuScorecard(): void {
  runFromMenu('scorecard');
}

export function sgaMenuTracking(): void {
  runFromMenu('tracking');
}

export function sgaMenuIncentives(): void {
  runFromMenu('incentives');
}

export function sgaMenuHelp(): void {
  menuHelp();
}

export function listSources(): { sources: SourceChoice[]; selected: string | null } {
  return apiListSources();
}

export function inspect(sourceId: string, overrides?: MappingOverrides, lang?: Lang): SourceInfo {
  return apiInspect(sourceId, overrides ?? {}, lang === 'zh' || lang === 'en' ? lang : undefined);
}

/**
 * The sidebar's generation, first step; `runId` (the sidebar's) scopes its progress, cancel and state
 * (progress.ts, run.ts). Without a run id (a script) it is one execution, as from the menu.
 */
export function run(request: RunRequest, runId?: string): StepResult {
  return apiRun(request, runId);
}

/** The next step of the sidebar's generation, while the last answer said `pending`. */
export function continueRun(runId: string): StepResult {
  return apiContinue(runId);
}

/** Polled by the sidebar while its run is pending. */
export function getProgress(runId: string): RunStep | null {
  return progressOf(runId);
}

/** Asks the run to stop at its next block. */
export function cancelRun(runId: string): void {
  cancel(runId);
}

export function selectRow(sourceId: string, row: number): void {
  apiSelectRow(sourceId, row);
}

export { kpi };
