/**
 * KPI custom functions: one registry for Excel (`=KPI.GROWTH(...)`), Google Sheets (`=KPI_GROWTH(...)`)
 * and the CLI, plus the pure helpers that analyses reuse.
 */
export { KPI_ERROR_CODES, KpiError } from './types';
export type { KpiErrorCode, KpiFunction, KpiParam, KpiResult, KpiScalar } from './types';
export { KPI_FUNCTIONS, QUADRANTS, callKpi, getKpi } from './registry';
export { largestRemainder, seasonalShares } from './math';
