export { analyze, type AnalyzeOptions } from './analyze.js';
export { runDemo } from './demo.js';
export { draftFromCapture, type DraftResult } from './declare.js';
export type { CollectProgress } from './collect.js';
export { maskValue, maskExcerpt } from './mask.js';
