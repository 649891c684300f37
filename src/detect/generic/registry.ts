/**
 * The one list of generic detector families, in the order they run. Order matters twice: media runs before
 * biometric and opaque (they read which views are media), and pattern families come before the key dictionary so
 * that, when both report the same value, the more specific pattern evidence is the one kept.
 */
import type { DetectorFamily } from './context.js';
import { biometricFamily } from './biometric.js';
import { deviceIdFamily } from './device-ids.js';
import { emailFamily } from './email.js';
import { geoFamily } from './geo.js';
import { idAssignedFamily } from './id-assigned.js';
import { idCandidateFamily } from './id-candidates.js';
import { imeiFamily } from './imei.js';
import { ipFamily } from './ip.js';
import { keyDictionaryFamily } from './key-dictionary.js';
import { listFamily } from './lists.js';
import { macFamily } from './mac.js';
import { mediaFamily } from './media.js';
import { opaqueFamily } from './opaque.js';
import { phoneFamily } from './phone.js';
import { trackerIdFamily } from './tracker-ids.js';

export const FAMILIES: readonly DetectorFamily[] = [
  emailFamily,
  phoneFamily,
  imeiFamily,
  macFamily,
  ipFamily,
  deviceIdFamily,
  geoFamily,
  keyDictionaryFamily,
  trackerIdFamily,
  listFamily,
  mediaFamily,
  biometricFamily,
  opaqueFamily,
  idAssignedFamily,
  idCandidateFamily,
];
