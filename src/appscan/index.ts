/**
 * The appscan stage's only door: static analysis of app packages (APK, AAB, AAR, JAR, IPA, DEX) — SDKs found by
 * code signatures, permissions, components, native libraries and hosts hard-coded in code — and the join of a scan
 * with observed traffic.
 */
export { scanApp, DEFAULT_LIMITS } from './scan.js';
export { matchSdks, buildSignatureIndex, EVIDENCE_LIMIT, type MatchOptions, type SignatureIndex } from './match.js';
export { joinScanWithTraffic } from './join.js';
export { readDex, type DexContents } from './dex.js';
export { parseAxml } from './axml.js';
export * from './types.js';
