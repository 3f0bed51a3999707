import { describe, expect, it } from 'vitest';
import { hasWideText, headerRowLines, printSetup, rowLooks, tint, wrappedLines } from './look';
import type { SheetSpec } from './types';

const spec = (over: Partial<SheetSpec>): SheetSpec => ({ kind: 'scorecard', name: 's', cells: [], ...over });

describe('cell looks', () => {
  it('aligns numbers right and text left, indents text after a number, wraps and aligns headers by their column', () => {
    const s = spec({
      cells: [
        [{ v: 'A long title that runs over', style: 'title' }],
        [
          { v: 'Rep', style: 'header' },
          { v: 'Rank', style: 'header' },
          { v: 'Tier', style: 'header' },
          { v: 'Forecast', style: 'header' },
        ],
        [
          { v: 'Ann' },
          { f: '=RANK(1,1)', expect: 1 },
          { f: '=IF(1,"Gold")', expect: 'Gold' },
          { f: '=X1', expect: '' },
        ],
        [{ v: 'Bob' }, { v: 2 }, { v: 'Silver' }, { f: '=NA()', expect: '#N/A' }],
        [
          { v: 0, style: 'note' },
          { v: 'a note', style: 'note' },
        ],
      ],
    });
    const looks = s.cells.map((_, i) => rowLooks(s, i));
    expect(looks[0][0]).toEqual({ align: 'left' });
    expect(looks[1].map((l) => l?.align)).toEqual(['left', 'right', 'left', 'right']);
    expect(looks[1][2]).toEqual({ align: 'left', indent: true, wrap: true });
    expect(looks[2][1]).toEqual({ align: 'right' });
    expect(looks[2][2]).toEqual({ align: 'left', indent: true }); // not "1Gold"
    expect(looks[2][3]).toEqual({}); // a formula that shows nothing yet: the spreadsheet decides
    expect(looks[3][3]).toEqual({ align: 'right' }); // an error in a number column
    expect(looks[4][0]).toEqual({ align: 'right' }); // a number in a note is still a number
  });

  it('wraps header text at spaces and between CJK characters, never fewer lines than it needs', () => {
    expect(wrappedLines('Target', 10)).toBe(1);
    expect(wrappedLines('Required per remaining day', 16)).toBe(2);
    expect(wrappedLines('Pro-rated target', 8)).toBe(2);
    expect(wrappedLines('按比例折算的目标', 10)).toBe(2);
    expect(wrappedLines('按比例折算的目标', 20)).toBe(1);
    expect(wrappedLines('Supercalifragilistic', 6)).toBe(3); // a word longer than the line breaks
    const s = spec({
      cells: [
        [
          { v: 'Required per remaining day', style: 'header' },
          { v: 'Gap', style: 'header' },
        ],
      ],
      columnWidths: [12, 8],
    });
    expect([...headerRowLines(s)]).toEqual([[0, 3]]);
  });

  it('tells a sheet with CJK text, and tints bar colours towards white', () => {
    expect(hasWideText(spec({ cells: [[{ v: 'East' }, { v: 1 }]] }))).toBe(false);
    expect(hasWideText(spec({ cells: [[{ v: 'East' }], [null, { f: '=A1', expect: '华东' }]] }))).toBe(true);
    expect(tint('#5B9BD5')).toBe('#B5D2EC');
    expect(tint('#000', 0.5)).toBe('#808080');
    expect(tint('red')).toBe('red');
  });
});

describe('print setup', () => {
  it('prints cells, charts and running-over data text; notes widen it by at most 4 columns', () => {
    const base = {
      cells: [[{ v: 'Title', style: 'title' as const }], [{ v: 'a' }, { v: 1 }, { v: 2 }]],
      columnWidths: [10, 10, 10],
    };
    expect(printSetup(spec(base))).toEqual({ area: 'A1:C2' });
    // A chart at E2, 6 columns by 10 rows.
    const chart = { type: 'scatter' as const, title: '', xTitle: '', yTitle: '', series: [] };
    expect(
      printSetup(spec({ ...base, charts: [{ ...chart, anchor: 'E2', width: 6, height: 10 }] })).area,
    ).toBe('A1:J11');
    // Data text that runs over an empty cell is printed whole; a long note only up to 4 more columns.
    const text = spec({ ...base, cells: [...base.cells, [null, null, { v: 'x'.repeat(25) }]] });
    expect(printSetup(text).area).toBe('A1:E3');
    const note = spec({ ...base, cells: [...base.cells, [{ v: 'x'.repeat(200), style: 'note' }]] });
    expect(printSetup(note).area).toBe('A1:G3');
  });

  it('repeats the rows the analysis names, else the frozen rows, else none', () => {
    const cells = [[{ v: 1 }], [{ v: 2 }], [{ v: 3 }]];
    expect(printSetup(spec({ cells })).titleRows).toBeUndefined();
    expect(printSetup(spec({ cells, freeze: { rows: 2, columns: 1 } })).titleRows).toEqual([1, 2]);
    expect(printSetup(spec({ cells, freeze: { rows: 2 }, print: { titleRows: [1, 3] } })).titleRows).toEqual([
      1, 3,
    ]);
  });
});
