/**
 * Advertising ids, IDFVs and Android ids in text, found by shape *near* their key. A UUID alone is not an advertising
 * id (request ids, session ids and trace ids are UUIDs too), and 16 hex digits alone are not an Android id, so the
 * value must sit under — or be written right after — a key of that family (gaid=…, "idfa":"…", android_id: …).
 * This complements the key detector for text that no structured decoder split into keyed views.
 * The all-zero UUID (limit-ad-tracking) identifies nobody and is skipped.
 */
import type { DataTypeId } from '../types.js';
import type { DetectorFamily, ExchangeContext, Hit } from './context.js';
import { featuresOf, keyAt, scannableText, type ScanView } from './context.js';
import { KEY_RULES } from './keys.js';
import { isNilUuid } from './validators.js';

const UUID = /(?<![0-9A-Za-z-])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?![0-9A-Za-z-])/g;
const HEX16 = /(?<![0-9A-Za-z])[0-9A-Fa-f]{16}(?![0-9A-Za-z])/g;
const MAX_PER_VIEW = 50;

function keysOf(dataType: DataTypeId): Set<string> {
  return new Set(KEY_RULES.filter((r) => r.dataType === dataType && !r.hosts).flatMap((r) => r.keys));
}
const AD_ID_KEYS = keysOf('device.ad_id');
const IDFV_KEYS = keysOf('device.idfv');
const ANDROID_ID_KEYS = keysOf('device.android_id');

interface Shape {
  pattern: RegExp;
  detector: string;
  typeForKey: (key: string) => DataTypeId | null;
  /** Whether a view can hold this shape at all: cheap checks before the pattern runs. */
  mayHold: (sv: ScanView) => boolean;
}

/** A UUID is 36 characters with four '-' and a four-hex group between two of them. */
function mayHoldUuid(sv: ScanView): boolean {
  const f = featuresOf(sv);
  return f !== null && f.bytes >= 36 && f.dashes >= 4 && f.dashQuadDash;
}

/**
 * A value is only reported under a key; in a long text without a key of its own, an Android-id key must be written
 * right before it: key, optional quote, up to three blanks, ':' or '=', up to three blanks, optional quote (what
 * keyBefore reads). The key's letters may be split by '_', '.' or '-' and be in any case (normalizeKey). Starting
 * at the ':' or '=' and looking behind for the key is much cheaper than looking for 16-hex tokens in a log of hex.
 */
const KEYED_ANDROID_ID = new RegExp(`[:=](?<=(?:${[...ANDROID_ID_KEYS].map((k) => [...k].join('[_.-]*')).join('|')})`
  + `[_.-]*["']?[ \\t]{0,3}[:=])[ \\t]{0,3}["']?[0-9A-Fa-f]`, 'i');
const LONG_TEXT_BYTES = 1024;

/** The Android-id pattern matches a token of exactly 16 hex digits. */
function mayHoldHex16(sv: ScanView): boolean {
  const f = featuresOf(sv);
  if (f === null) return false;
  if (f.bytes > LONG_TEXT_BYTES && sv.normKey === null) return KEYED_ANDROID_ID.test(sv.text!) && f.sixteenHexToken;
  return f.sixteenHexToken;
}

const SHAPES: readonly Shape[] = [
  { pattern: UUID, detector: 'ad-id-uuid', mayHold: mayHoldUuid,
    typeForKey: (k) => (AD_ID_KEYS.has(k) ? 'device.ad_id' : IDFV_KEYS.has(k) ? 'device.idfv' : null) },
  { pattern: HEX16, detector: 'android-id', mayHold: mayHoldHex16,
    typeForKey: (k) => (ANDROID_ID_KEYS.has(k) ? 'device.android_id' : null) },
];

const ONE_REPEATED_CHAR = /^(.)\1+$/;

function detectDeviceIds(ctx: ExchangeContext): { hits: Hit[] } {
  const hits: Hit[] = [];
  for (const sv of scannableText(ctx)) {
    for (const shape of SHAPES) {
      if (!shape.mayHold(sv)) continue;
      let found = 0;
      for (const m of sv.text!.matchAll(shape.pattern)) {
        if (isNilUuid(m[0]) || ONE_REPEATED_CHAR.test(m[0])) continue;
        const key = keyAt(sv, m.index);
        const dataType = key === null ? null : shape.typeForKey(key);
        if (dataType === null) continue;
        hits.push({ view: sv.view, dataType, match: 'pattern', confidence: 'likely', detector: shape.detector,
          matched: m[0], index: m.index });
        if (++found >= MAX_PER_VIEW) break;
      }
    }
  }
  return { hits };
}

export const deviceIdFamily: DetectorFamily = { name: 'device-ids', detect: detectDeviceIds };
