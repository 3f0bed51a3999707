export * from './breakdown';
export * from './quadrant';
export * from './scorecard';
export * from './source';
export { labels } from './i18n';
export { resolvePeriod, monthLabel } from './context';
export * from './job';
export * from './inspect';
export * from './tracking';
