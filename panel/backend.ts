/**
 * The one interface between the panel (Excel task pane, Sheets sidebar) and its host. Each host implements
 * it: Excel with Office.js in the pane itself, Sheets with google.script.run calls to the Apps Script server.
 * Everything that crosses it is plain JSON (google.script.run rejects Dates and class instances).
 */
import type { JobKind, JobOptions } from '../core/analysis/job';
import type { TableSummary } from '../core/analysis/inspect';
import type { Lang, Role } from '../core/types';

export interface SourceChoice {
  /** Opaque id the backend understands (e.g. "table:Table1" or "sheet:Sales"). */
  id: string;
  /** What the user sees (table or sheet name and address). */
  label: string;
}

export type MappingOverrides = Partial<Record<Role, number | null>>;

export interface SourceInfo extends TableSummary {
  id: string;
  sheet: string;
}

export interface RunRequest {
  kind: JobKind;
  sourceId: string;
  overrides: MappingOverrides;
  options: JobOptions;
  /**
   * Tracking only: a source (an id from listSources) holding a target table (month, entity, target).
   * Absent or null: the Goal Breakdown sheet if there is one, else a Target column of the sales table.
   */
  targetSourceId?: string | null;
  /**
   * Scorecard only: a source holding a leads table (month, entity, leads, won) for the conversion.
   * Absent or null: the leads column of the sales table, if any.
   */
  leadsSourceId?: string | null;
  /** The breakdown's team table (readTeamTable), when the user chose one. */
  teamSourceId?: string | null;
}

/**
 * The side table a request asks for: the target table of tracking, the leads table of the scorecard or the
 * team table of the breakdown.
 */
export function sideSourceOf(req: RunRequest): string | null {
  const byKind: Partial<Record<RunRequest['kind'], string | null | undefined>> = {
    tracking: req.targetSourceId,
    scorecard: req.leadsSourceId,
    breakdown: req.teamSourceId,
  };
  const id = byKind[req.kind];
  return typeof id === 'string' && id !== '' ? id : null;
}

export interface RunResult {
  ok: boolean;
  /** Names of the sheets written (ours). */
  sheets: string[];
  /** Short localised lines for the results summary. */
  summary: string[];
  error?: string;
}

export type Progress = (fraction: number, message: string) => void;

export interface Backend {
  /** The host's display language. */
  readonly lang: Lang;
  /** Tables and sheets to choose from; `selected` is the one under the selection, if any. */
  listSources(): Promise<{ sources: SourceChoice[]; selected: string | null }>;
  /** Read a source and summarise it (mapping, skipped rows, defaults). */
  inspect(sourceId: string, overrides: MappingOverrides): Promise<SourceInfo>;
  /** Run one analysis and write its sheets. Honour `signal` between blocks: stop and write nothing partial. */
  run(req: RunRequest, progress: Progress, signal: AbortSignal): Promise<RunResult>;
  /** Select a source row in the sheet (from the skipped-rows report). */
  selectRow(sourceId: string, row: number): Promise<void>;
}
