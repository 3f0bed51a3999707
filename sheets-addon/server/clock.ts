/**
 * The time of one execution. Apps Script stops a call after 6 minutes ("Script runtime: 6 min / execution",
 * Apps Script quotas), wherever it is; a run therefore works in units (a block of rows, a sheet's formats and
 * chart) and stops starting new ones in time, leaving the rest to the next execution (steps.ts). The decision
 * is by elapsed time, never by a count: a slow day on Google's side only means more executions.
 */

/** No new unit starts after this much of an execution (4.5 minutes). */
export const STEP_BUDGET_MS = 270_000;

/** ... nor when a unit as long as the longest one so far would end after this (5.5 minutes). */
export const STEP_HARD_MS = 330_000;

/**
 * Every execution reads the source again (run-state.ts says why), so the read must leave most of the execution
 * to the rest: past this, the table is too large for Apps Script (reading 10,000,000 cells, a spreadsheet's
 * most, takes about a minute at the fake's rates).
 */
export const READ_BUDGET_MS = 135_000;

/** Thrown while reading when the execution has no time left to analyse and write. */
export class OutOfTime extends Error {}

export class Clock {
  private readonly start = Date.now();
  private longest = 0;

  elapsed(): number {
    return Date.now() - this.start;
  }

  /** True when no new unit should start in this execution. */
  spent(): boolean {
    const t = this.elapsed();
    return t >= STEP_BUDGET_MS || t + this.longest >= STEP_HARD_MS;
  }

  /** Run one unit, remembering how long the longest took. */
  time<T>(unit: () => T): T {
    const t0 = Date.now();
    try {
      return unit();
    } finally {
      this.longest = Math.max(this.longest, Date.now() - t0);
    }
  }

  /** Between the blocks of the read: throws OutOfTime past READ_BUDGET_MS. */
  checkRead(): void {
    if (this.elapsed() >= READ_BUDGET_MS) throw new OutOfTime('out of time');
  }
}
