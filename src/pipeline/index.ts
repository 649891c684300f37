export { analyze, analyzeStream, type AnalyzeOptions, type AnalyzeStreamOptions } from './analyze.js';
export type { ExchangeSource } from './stream.js';
export { runDemo } from './demo.js';
export { draftFromCapture, type DraftResult } from './declare.js';
export type { CollectProgress } from './collect.js';
export { defaultAnalysisThreads } from './parallel.js';
export { maskValue, maskExcerpt } from './mask.js';
export { diff } from './diff.js';
export { loadReport } from './report-file.js';
