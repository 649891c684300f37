/** Known-value detection: the device profile's values, searched in all their spellings, encodings and digests. */
export { parseProfile, loadProfile, deviceProfileSchema } from '../profile.js';
export { knownValuesOf } from './values.js';
export { createKnownValueDetector, KnownValueDetector } from './detector.js';
export { PRECISE_LOCATION_REGIMES, PRECISE_LOCATION_MAX_M, MATCH_RADIUS_M } from './location.js';
