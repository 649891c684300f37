export { analyze, type AnalyzeOptions } from './analyze.js';
export { runDemo } from './demo.js';
export type { CollectProgress } from './collect.js';
export { maskValue, maskExcerpt } from './mask.js';
export { diff } from './diff.js';
export { loadReport } from './report-file.js';
