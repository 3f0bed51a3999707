/**
 * The command line: read an .xlsx/.csv sales table, run the analyses, write a workbook with live sheets
 * and print a summary (or JSON). `runCli` is the whole program minus process handling, for tests.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { JOB_KINDS, labels, monthLabel, readSideTable, runJob } from '../core/analysis';
import type {
  BreakdownOptions,
  JobKind,
  JobOptions,
  JobResult,
  QuadrantOptions,
  TrackingResult,
  TrackRow,
} from '../core/analysis';
import type { SheetSpec } from '../core/spec/types';
import { coerceDate, serialToISO } from '../core/table/coerce';
import { readSalesTable } from '../core/table';
import type { Lang } from '../core/types';
import { isEncodingLabel, readSource, readWorksheet, SourceError } from './io/read';
import { uniqueSheetName, writeWorkbook } from './io/write';

export interface CliIO {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
  env: Record<string, string | undefined>;
}

export const DEFAULT_SAMPLE = path.join(__dirname, '..', 'samples', 'sales-en.xlsx');

const USAGE = `Usage: npm start -- [FILE.xlsx|FILE.csv] [--sheet NAME] [--by COLUMN] [--year YYYY] [--target N]
       [--uplift PCT] [--seasonality last|average|even] [--unit N] [--threshold mean|median|X,Y]
       [--period YYYY|YYYY-Qn|YYYY-MM] [--track [--as-of YYYY-MM-DD] [--targets SHEET]] [--lang en|zh] [--out FILE.xlsx] [--json]
       [--encoding NAME (a CSV's: utf-8, windows-1252, gb18030, big5, shift_jis, ...)]`;

const MSG = {
  en: {
    usage: (s: string) => `${s}\n${USAGE}`,
    notFound: (f: string) => `File not found: ${f}`,
    unknownSheet: (d: string) => `No such sheet: ${d}`,
    unsupported: (d: string) => `Unsupported file: ${d} (use .xlsx or .csv)`,
    unreadable: (d: string) => `Cannot read the file: ${d}`,
    badNumber: (flag: string, v: string) => `--${flag} needs a number, got "${v}"`,
    badChoice: (flag: string, v: string, ok: string) => `--${flag} must be one of ${ok}, got "${v}"`,
    badDate: (flag: string, v: string) => `--${flag} needs a date YYYY-MM-DD, got "${v}"`,
    wrote: (f: string) => `Wrote ${f}`,
    table: (n: number, s: number, sheet: string) => `Read ${n} rows from "${sheet}" (${s} skipped).`,
    columns: 'Columns',
    breakdown: (y: number, t: string) => `Goal breakdown ${y}: annual target ${t}`,
    quadrant: (d: string, c: string, p: string) => `Quadrant analysis by ${d}: ${c} vs ${p}`,
    thresholds: (x: string, y: string) => `thresholds: sales ${x}, growth ${y}`,
    scorecard: (d: string) => `KPI scorecard by ${d}`,
    apart: 'without a previous period',
    failed: (s: string) => `Failed: ${s}`,
    targetsNeedXlsx: '--targets names a sheet of an .xlsx workbook; a .csv has only one table',
    encodingGuess: (e: string) => `Read as ${e} (a guess: if names look garbled, give --encoding).`,
  },
  zh: {
    usage: (s: string) => `${s}\n${USAGE}`,
    notFound: (f: string) => `找不到文件：${f}`,
    unknownSheet: (d: string) => `没有这个工作表：${d}`,
    unsupported: (d: string) => `不支持的文件：${d}（请使用 .xlsx 或 .csv）`,
    unreadable: (d: string) => `无法读取文件：${d}`,
    badNumber: (flag: string, v: string) => `--${flag} 需要一个数字，收到“${v}”`,
    badChoice: (flag: string, v: string, ok: string) => `--${flag} 必须是 ${ok} 之一，收到“${v}”`,
    badDate: (flag: string, v: string) => `--${flag} 需要 YYYY-MM-DD 格式的日期，收到“${v}”`,
    wrote: (f: string) => `已写入 ${f}`,
    table: (n: number, s: number, sheet: string) => `从“${sheet}”读取 ${n} 行（跳过 ${s} 行）。`,
    columns: '列',
    breakdown: (y: number, t: string) => `${y} 年目标分解：年度目标 ${t}`,
    quadrant: (d: string, c: string, p: string) => `按${d}的象限分析：${c} 对比 ${p}`,
    thresholds: (x: string, y: string) => `阈值：销售额 ${x}，增长率 ${y}`,
    scorecard: (d: string) => `按${d}的绩效看板`,
    apart: '无上期数据',
    failed: (s: string) => `失败：${s}`,
    targetsNeedXlsx: '--targets 指定 .xlsx 工作簿中的工作表；.csv 只有一个表',
    encodingGuess: (e: string) => `按 ${e} 编码读取（推测：如果名称显示为乱码，请用 --encoding 指定）。`,
  },
};

class UsageError extends Error {}

const fmtNum = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
const fmtPct = (n: number | null): string => (n === null ? '#N/A' : `${(n * 100).toFixed(1)}%`);
const pad = (s: string, n: number): string => {
  // East Asian characters take two columns.
  const w = [...s].reduce((a, ch) => a + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  return s + ' '.repeat(Math.max(0, n - w));
};

function trackingJson(t: TrackingResult): object {
  const row = (x: TrackRow) => ({
    period: x.period,
    start: serialToISO(x.start),
    end: serialToISO(x.end),
    target: x.target,
    actual: x.actual,
    attainment: x.attainment,
    prorated: x.prorated,
    projection: x.projection,
    requiredPerDay: x.requiredPerDay,
    status: x.status,
  });
  return {
    asOf: serialToISO(t.asOf),
    year: t.year,
    dimension: t.dimension,
    targets: t.targetSource,
    months: t.months.map(row),
    quarters: t.quarters.map(row),
    weeks: t.weeks.map(row),
    entities: t.entities.map((e) => ({
      name: e.name,
      target: e.target,
      prorated: e.prorated,
      actual: e.actual,
      attainment: e.attainment,
      projection: e.projection,
      requiredPerDay: e.requiredPerDay,
      status: e.status,
    })),
  };
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  let lang: Lang = /^zh/i.test(io.env.LANG ?? '') ? 'zh' : 'en';
  const langArg = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (langArg >= 0) {
    const v = argv[langArg].includes('=') ? argv[langArg].split('=')[1] : argv[langArg + 1];
    if (v === 'zh' || v === 'en') lang = v;
  }
  const M = MSG[lang];
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          sheet: { type: 'string' },
          by: { type: 'string' },
          year: { type: 'string' },
          target: { type: 'string' },
          uplift: { type: 'string' },
          seasonality: { type: 'string' },
          unit: { type: 'string' },
          threshold: { type: 'string' },
          period: { type: 'string' },
          lang: { type: 'string' },
          out: { type: 'string' },
          json: { type: 'boolean' },
          track: { type: 'boolean' },
          targets: { type: 'string' },
          'as-of': { type: 'string' },
          encoding: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      });
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const o = parsed.values;
    if (o.help) {
      io.out(USAGE);
      return 0;
    }
    if (o.lang !== undefined && o.lang !== 'en' && o.lang !== 'zh')
      throw new UsageError(M.badChoice('lang', o.lang, 'en, zh'));
    const num = (flag: string, v: string | undefined): number | undefined => {
      if (v === undefined) return undefined;
      const n = Number(v.replace(/[,_\s]/g, '').replace(/%$/, ''));
      if (!Number.isFinite(n)) throw new UsageError(M.badNumber(flag, v));
      return n;
    };
    const year = num('year', o.year);
    const target = num('target', o.target);
    const upliftPct = num('uplift', o.uplift);
    const unit = num('unit', o.unit);
    if (unit !== undefined && !(unit > 0)) throw new UsageError(M.badNumber('unit', o.unit!));
    let seasonality: BreakdownOptions['seasonality'];
    if (o.seasonality !== undefined) {
      if (!['last', 'average', 'even'].includes(o.seasonality))
        throw new UsageError(M.badChoice('seasonality', o.seasonality, 'last, average, even'));
      seasonality = o.seasonality as 'last' | 'average' | 'even';
    }
    let threshold: QuadrantOptions['threshold'];
    if (o.threshold !== undefined) {
      if (o.threshold === 'mean' || o.threshold === 'median') threshold = o.threshold;
      else {
        const parts = o.threshold.split(',');
        const x = Number(parts[0]);
        const yStr = (parts[1] ?? '').trim();
        const y = yStr.endsWith('%') ? Number(yStr.slice(0, -1)) / 100 : Number(yStr);
        if (parts.length !== 2 || !Number.isFinite(x) || !Number.isFinite(y) || yStr === '')
          throw new UsageError(M.badChoice('threshold', o.threshold, 'mean, median, X,Y'));
        threshold = { x, y };
      }
    }
    let asOf: number | undefined;
    if (o['as-of'] !== undefined) {
      const mm = o['as-of'].match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/);
      const serial = mm ? coerceDate(o['as-of']) : null;
      if (serial === null) throw new UsageError(M.badDate('as-of', o['as-of']));
      asOf = serial;
    }
    if (o.encoding !== undefined && !isEncodingLabel(o.encoding))
      throw new UsageError(
        M.badChoice('encoding', o.encoding, 'utf-8, windows-1252, gb18030, big5, shift_jis, ...'),
      );
    const file = path.resolve(io.cwd, parsed.positionals[0] ?? DEFAULT_SAMPLE);
    const outFile = path.resolve(io.cwd, o.out ?? path.join('out', 'sales-analysis.xlsx'));

    // Read.
    const src = await readSource(file, o.sheet, o.encoding);
    const read = readSalesTable(src.cells, { lang, formats: src.formats, originRow: src.originRow });
    if (!read.ok) {
      io.err(read.error.message);
      return 1;
    }
    const table = read.table;
    const source = { sheet: src.sheetName, originRow: src.originRow, originCol: src.originCol };
    // A leads table on another sheet of the workbook (e.g. "Leads": month, rep, leads, won, lost) gives
    // the scorecard its conversion when the sales table has no leads column.
    let leadsTable: JobOptions['leadsTable'] = null;
    if (table.mapping.leads === undefined && src.workbook) {
      for (const ws of src.workbook.worksheets) {
        if (ws.name === src.sheetName) continue;
        const other = readWorksheet(ws);
        const lr = readSideTable('leads', other.cells, other.formats, {
          sheet: ws.name,
          originRow: other.originRow,
          originCol: other.originCol,
        });
        if (lr.ok) {
          leadsTable = lr.value;
          break;
        }
      }
    }
    const opts: JobOptions = {
      leadsTable,
      lang,
      by: o.by,
      period: o.period,
      year,
      target,
      uplift: upliftPct !== undefined ? upliftPct / 100 : undefined,
      seasonality,
      unit,
      threshold,
      generatedAt: new Date().toISOString().slice(0, 10),
    };

    // Analyse: all three, then write them with the source in one workbook.
    const specs: SheetSpec[] = [];
    const results: Partial<{ [K in JobKind]: Extract<JobResult, { kind: K }>['result'] }> = {};
    for (const kind of JOB_KINDS) {
      const job = runJob(kind, table, source, opts, src.sheetNames);
      if (!job.ok) throw new Error(job.error);
      for (const spec of job.specs) if (!specs.some((x) => x.name === spec.name)) specs.push(spec);
      (results as Record<string, unknown>)[kind] = job.out.result;
    }
    // Our sheets get their final names now (a user's sheet of the same name keeps its own), so that
    // the tracking sheet can reference the breakdown sheet by the name it will have.
    const taken = new Set(src.sheetNames.map((n) => n.toLowerCase()));
    for (const spec of specs) {
      if (spec.kind === 'data') continue;
      spec.name = uniqueSheetName(spec.name, taken);
      taken.add(spec.name.toLowerCase());
    }
    const b = results.breakdown!;
    const q = results.quadrant!;
    const sc = results.scorecard!;
    let tr: TrackingResult | undefined;
    if (o.track || o.targets !== undefined) {
      const bdSpec = specs.find((x) => x.kind === 'breakdown')!;
      // --targets SHEET: the targets of a target table on that sheet instead of the breakdown's.
      let targetTable: JobOptions['targetTable'] = null;
      if (o.targets !== undefined) {
        if (!src.workbook) throw new UsageError(M.targetsNeedXlsx);
        const want = o.targets.trim().toLowerCase();
        const ws = src.workbook.worksheets.find((w) => w.name.trim().toLowerCase() === want);
        if (!ws) {
          const d = `${o.targets} (${src.sheetNames.join(', ')})`;
          throw new SourceError('unknown-sheet', d, d);
        }
        const other = readWorksheet(ws);
        const tt = readSideTable(
          'target',
          other.cells,
          other.formats,
          { sheet: ws.name, originRow: other.originRow, originCol: other.originCol },
          lang,
        );
        if (!tt.ok) throw new Error(tt.error);
        targetTable = tt.value;
      }
      const job = runJob(
        'tracking',
        table,
        source,
        {
          ...opts,
          asOf,
          targetTable,
          breakdown: targetTable
            ? null
            : {
                sheet: bdSpec.name,
                year: b.year,
                dimension: b.dimension,
                months: b.months,
                entities: b.entities.map((e) => ({ name: e.name, months: e.months })),
              },
        },
        src.sheetNames,
      );
      if (!job.ok) throw new Error(job.error);
      for (const spec of job.specs) {
        if (specs.some((x) => x.name === spec.name)) continue;
        if (spec.kind !== 'data') spec.name = uniqueSheetName(spec.name, taken);
        taken.add(spec.name.toLowerCase());
        specs.push(spec);
      }
      tr = (job.out as Extract<JobResult, { kind: 'tracking' }>).result;
    }
    // Our sheets after the source, the clean copy (if any) last.
    specs.sort((x, y) => Number(x.kind === 'data') - Number(y.kind === 'data'));
    await writeWorkbook({ source: src, specs, outFile });
    const skipped = table.skipped.map((s) => ({ row: s.row, reason: s.reason }));
    const columns: Record<string, string> = {};
    for (const [role, idx] of Object.entries(table.mapping))
      if (idx !== undefined) columns[role] = table.headers[idx];
    if (o.json) {
      const json = {
        file,
        out: outFile,
        table: {
          sheet: src.sheetName,
          rows: table.length,
          skipped: skipped.length,
          skippedRows: skipped,
          columns,
          ...(src.encoding ? { encoding: src.encoding } : {}),
        },
        breakdown: {
          year: b.year,
          baseYear: b.baseYear,
          target: b.target,
          dimension: b.dimension,
          quarters: b.quarters.map((t, i) => ({ period: `${b.year}-Q${i + 1}`, target: t })),
          months: b.months.map((t, i) => ({ period: monthLabel(b.year * 12 + i), target: t })),
          entities: b.entities.map((e) => ({
            name: e.name,
            target: e.target,
            weight: e.weight,
            isNew: e.isNew,
            months: e.months,
          })),
          warnings: b.warnings,
        },
        quadrant: {
          dimension: q.dimension,
          current: q.current.label,
          previous: q.previous.label,
          currentRange: [serialToISO(q.current.start), serialToISO(q.current.end)],
          previousRange: [serialToISO(q.previous.start), serialToISO(q.previous.end)],
          method: q.method,
          xThreshold: q.xThreshold,
          yThreshold: q.yThreshold,
          points: [...q.points, ...q.apart].map((p) => ({
            name: p.name,
            sales: p.sales,
            previous: p.previous,
            growth: p.growth,
            quadrant: p.quadrant,
            action: p.action,
          })),
          live: q.live,
        },
        scorecard: sc.rows.map((r) => ({ ...r })),
        ...(tr ? { tracking: trackingJson(tr) } : {}),
      };
      io.out(JSON.stringify(json, null, 2));
      return 0;
    }

    // Summary.
    const lines: string[] = [];
    lines.push(M.table(table.length, skipped.length, src.sheetName));
    if (src.encoding && !src.encoding.certain) lines.push(`  ${M.encodingGuess(src.encoding.name)}`);
    for (const s of skipped.slice(0, 5)) lines.push(`  - ${s.reason}`);
    lines.push(
      `${M.columns}: ${Object.entries(columns)
        .map(([r, h]) => `${r}=${h}`)
        .join(', ')}`,
    );
    lines.push('');
    lines.push(M.breakdown(b.year, fmtNum(b.target)));
    for (let i = 0; i < 4; i++) lines.push(`  ${b.year}-Q${i + 1}  ${fmtNum(b.quarters[i]).padStart(14)}`);
    for (const e of b.entities) lines.push(`  ${pad(e.name, 16)}${fmtNum(e.target).padStart(14)}`);
    for (const w of b.warnings) lines.push(`  ! ${w}`);
    lines.push('');
    lines.push(M.quadrant(q.dimension, q.current.label, q.previous.label));
    lines.push(
      Number.isFinite(q.xThreshold)
        ? `  ${M.thresholds(fmtNum(q.xThreshold), fmtPct(q.yThreshold))}`
        : `  ${labels(lang).noThresholds}`,
    );
    const L = labels(lang);
    for (const p of q.points)
      lines.push(
        `  ${pad(p.name, 16)}${fmtNum(p.sales).padStart(14)}${fmtPct(p.growth).padStart(9)}  ${pad(L.quadrants[p.quadrant!], 24)}${p.action}`,
      );
    for (const p of q.apart)
      lines.push(`  ${pad(p.name, 16)}${fmtNum(p.sales).padStart(14)}${'#N/A'.padStart(9)}  (${M.apart})`);
    lines.push('');
    lines.push(M.scorecard(sc.dimension));
    for (const r of sc.rows)
      lines.push(
        `  #${String(r.rank).padEnd(3)}${pad(r.name, 14)}${fmtNum(r.sales).padStart(14)}${fmtPct(r.growth).padStart(9)}  ${r.tier}`,
      );
    if (tr) {
      lines.push('');
      lines.push(`${L.trackingTitle(tr.year, tr.dimension)} — ${L.asOf} ${serialToISO(tr.asOf)}`);
      for (const x of [...tr.quarters, ...tr.months.filter((m) => m.elapsed > 0 && m.elapsed < m.days)])
        lines.push(
          `  ${pad(x.period, 10)}${fmtNum(x.actual).padStart(14)} / ${fmtNum(x.target).padEnd(14)}${fmtPct(x.attainment).padStart(8)}  ${L.status[x.status]}`,
        );
      for (const e of tr.entities)
        lines.push(
          `  ${pad(e.name, 10)}${fmtNum(e.actual).padStart(14)} / ${fmtNum(e.prorated).padEnd(14)}${fmtPct(e.attainment).padStart(8)}  ${L.status[e.status]}`,
        );
    }
    lines.push('');
    lines.push(M.wrote(outFile));
    io.out(lines.join('\n'));
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(M.usage(e.message));
      return 2;
    }
    if (e instanceof SourceError) {
      const d = e.detail;
      io.err(
        e.code === 'not-found'
          ? M.notFound(d)
          : e.code === 'unknown-sheet'
            ? M.unknownSheet(d)
            : e.code === 'unsupported'
              ? M.unsupported(d)
              : M.unreadable(d),
      );
      return 1;
    }
    io.err(M.failed((e as Error).message ?? String(e)));
    return 1;
  }
}
