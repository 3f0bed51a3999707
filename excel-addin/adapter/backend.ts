/// <reference types="office-js" />
/**
 * The panel's Backend for Excel, in the task pane itself: reads with Office.js, analyses with the core,
 * writes the specs back with Office.js. See read.ts, write.ts and render.ts for the batching.
 */
import { readBreakdownLocks, readBreakdownTargets, type BreakdownLocks } from '../../core/analysis';
import { labels } from '../../core/analysis/i18n';
import { specTo1904 } from '../../core/spec/date1904';
import { fitCellText } from '../../core/spec/excel-limits';
import { a1 } from '../../core/spec/a1';
import { inspectCells } from '../../core/analysis/inspect';
import { runJob, sideTableOptions } from '../../core/analysis/job';
import type { Lang } from '../../core/types';
import {
  sideSourceOf,
  type Backend,
  type MappingOverrides,
  type Progress,
  type RunRequest,
  type RunResult,
  type SourceInfo,
} from '../../panel/backend';
import { fmtInt, panelText } from '../../panel/i18n';
import { rectAddress } from './address';
import { Cancelled, errorCode, errorMessage, throwIfAborted } from './api';
import { readGrid } from './grid';
import { listSheets } from './marks';
import { listSources, locateSource, readSource, type SourceData } from './read';
import { findOurs, writeSpecs } from './write';

/** How long an inspection's cells are reused when only the column overrides change. */
const CACHE_MS = 60_000;

/** "zh-CN", "zh-TW", "zh" -> zh; anything else -> en. */
export function langOf(displayLanguage: string | undefined): Lang {
  return /^zh\b/i.test(displayLanguage ?? '') ? 'zh' : 'en';
}

export class ExcelBackend implements Backend {
  private cache: { data: SourceData; at: number } | null = null;

  constructor(readonly lang: Lang) {}

  private get T() {
    return panelText(this.lang);
  }

  async listSources(): Promise<{ sources: { id: string; label: string }[]; selected: string | null }> {
    this.cache = null;
    const r = await Excel.run((ctx) => listSources(ctx));
    return { sources: r.sources, selected: r.selected };
  }

  async inspect(sourceId: string, overrides: MappingOverrides): Promise<SourceInfo> {
    let data =
      this.cache && this.cache.data.id === sourceId && Date.now() - this.cache.at < CACHE_MS
        ? this.cache.data
        : null;
    if (!data) {
      try {
        data = await Excel.run((ctx) => readSource(ctx, sourceId));
      } catch (e) {
        throw new Error(errorCode(e) === 'ItemNotFound' ? this.T.sourceGone : errorMessage(e));
      }
      this.cache = { data, at: Date.now() };
    }
    const { summary } = inspectCells(data.cells, {
      formats: data.formats,
      lang: this.lang,
      overrides,
      originRow: data.rect.row + 1,
      date1904: data.date1904,
    });
    return { ...summary, id: sourceId, sheet: data.sheet };
  }

  async run(req: RunRequest, progress: Progress, signal: AbortSignal): Promise<RunResult> {
    const T = this.T;
    const fail = (error: string): RunResult => ({ ok: false, sheets: [], summary: [], error });
    this.cache = null;
    try {
      return await Excel.run(async (ctx) => {
        // 1. Read (0% .. 45%).
        const data = await readSource(ctx, req.sourceId, {
          signal,
          progress: (done, total) =>
            progress((0.45 * done) / Math.max(1, total), T.progressReading(fmtInt(done), fmtInt(total))),
        });
        throwIfAborted(signal);
        progress(0.5, T.progressAnalysing);
        const { summary, table } = inspectCells(data.cells, {
          formats: data.formats,
          lang: this.lang,
          overrides: req.overrides,
          originRow: data.rect.row + 1,
          date1904: data.date1904,
        });
        if (!table) return fail(summary.error ?? '');
        // 2. Our sheets, and the user's overrides on our breakdown (kept as locks).
        const { sheets, map } = await listSheets(ctx);
        const options = { ...req.options, lang: this.lang };
        if (req.kind === 'breakdown') {
          const old = findOurs(sheets, { kind: 'breakdown', name: labels(this.lang).breakdownSheet });
          if (old)
            options.locks = mergeLocks(
              readBreakdownLocks((await readGrid(ctx, old.name)).cells),
              options.locks,
            );
        }
        // A side table the user chose: the targets of tracking, or the leads of the scorecard.
        const sideId = sideSourceOf(req);
        if (sideId) {
          const t = await readSource(ctx, sideId, { signal });
          const side = sideTableOptions(
            req.kind,
            t.cells,
            t.formats,
            { sheet: t.sheet, originRow: t.rect.row + 1, originCol: t.rect.col + 1, bounded: t.bounded },
            this.lang,
          );
          if (!side.ok) return fail(side.error);
          Object.assign(options, side.options);
        }
        if (
          (req.kind === 'scorecard' || req.kind === 'incentives' || (req.kind === 'tracking' && !sideId)) &&
          options.breakdown === undefined
        ) {
          // Targets from our Goal Breakdown sheet (tracking references it by formula; the scorecard takes its
          // months' share of the period).
          const old = findOurs(sheets, { kind: 'breakdown', name: labels(this.lang).breakdownSheet });
          const targets = old ? readBreakdownTargets((await readGrid(ctx, old.name)).values) : null;
          options.breakdown = targets && old ? { ...targets, sheet: old.name } : null;
        }
        throwIfAborted(signal);
        // 3. Analyse.
        const userSheets = sheets.filter((s) => !s.kind).map((s) => s.name);
        const job = runJob(
          req.kind,
          table,
          {
            sheet: data.sheet,
            originRow: data.rect.row + 1,
            originCol: data.rect.col + 1,
            bounded: data.bounded,
          },
          options,
          userSheets,
        );
        if (!job.ok) return fail(job.error);
        throwIfAborted(signal); // nothing written yet
        // 4. Write (55% .. 100%).
        progress(0.55, T.progressWriting(job.specs[0]?.name ?? '', '0', '…'));
        // The core's dates are 1900-system serials; a 1904 workbook (Mac Excel) numbers the same days 1462 lower.
        // Text longer than a cell holds (32,767 characters) is cut, and the summary says where.
        const fitted = job.specs.map((s) => fitCellText(data.date1904 ? specTo1904(s) : s));
        const specs = fitted.map((f) => f.spec);
        const cut = fitted.flatMap((f) => f.cut.map((c) => ({ ...c, sheet: f.spec.name })));
        const written = await writeSpecs(ctx, specs, sheets, map, {
          signal,
          progress: (sheet, done, total) =>
            progress(
              0.55 + (0.45 * done) / Math.max(1, total),
              T.progressWriting(sheet, fmtInt(done), fmtInt(total)),
            ),
        });
        progress(1, T.done);
        const notes = cut.length ? [cutSummary(this.lang, cut, written, specs)] : [];
        return { ok: true, sheets: written, summary: [...job.summary, ...notes] };
      });
    } catch (e) {
      if (e instanceof Cancelled || signal.aborted) return fail(T.cancelled);
      if (errorCode(e) === 'ItemNotFound') return fail(T.sourceGone);
      return fail(errorMessage(e));
    }
  }

  async selectRow(sourceId: string, row: number): Promise<void> {
    await Excel.run(async (ctx) => {
      const where =
        this.cache?.data.id === sourceId
          ? { sheet: this.cache.data.sheet, rect: this.cache.data.rect }
          : await locateSource(ctx, sourceId);
      if (!where) return;
      const ws = ctx.workbook.worksheets.getItem(where.sheet);
      ws.activate();
      ws.getRange(
        rectAddress({ row: row - 1, col: where.rect.col, rows: 1, cols: Math.max(1, where.rect.cols) }),
      ).select();
      await ctx.sync();
    });
  }
}

/** The summary line naming the cells whose text was cut to Excel's 32,767 characters (the sheets' final names). */
function cutSummary(
  lang: Lang,
  cut: { sheet: string; row: number; col: number; length: number }[],
  written: string[],
  specs: readonly { name: string }[],
): string {
  const where = cut
    .slice(0, 3)
    .map(
      (c) => `${written[specs.findIndex((s) => s.name === c.sheet)] ?? c.sheet}!${a1(c.row + 1, c.col + 1)}`,
    )
    .join(', ');
  const more = cut.length > 3 ? ` (+${cut.length - 3})` : '';
  return lang === 'zh'
    ? `${where}${more}：文本超过 Excel 单元格上限 32,767 个字符，已截断。`
    : `${where}${more}: text longer than an Excel cell holds (32,767 characters), cut.`;
}

function mergeLocks(a: BreakdownLocks, b: BreakdownLocks | undefined): BreakdownLocks {
  if (!b) return a;
  return {
    entities: { ...a.entities, ...b.entities },
    months: { ...a.months, ...b.months },
    cells: [...(a.cells ?? []), ...(b.cells ?? [])],
  };
}
