/**
 * Live capture's door: telltale as the tester's proxy (startCapture), the CA it needs, the HAR export of a stored
 * session and browser-driven web audits.
 */
export type * from './types.js';
export { startCapture } from './session.js';
export { loadOrCreateCa, type CaFiles } from './ca.js';
export { exportSessionHar, listSessions } from './sessions.js';
export { browse, type BrowseOptions, type BrowseResult } from './browse.js';
