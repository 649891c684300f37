/**
 * MAC addresses written as six hex pairs with ":" or "-" (bare 12-hex values are left to the key detector, where a
 * mac key gives them meaning). The key decides what the address is: Wi-Fi MAC of the device, Bluetooth MAC, or the
 * BSSID of the access point (network.wifi). Without a telling key it is reported as device.mac, 'possible'.
 * Placeholders are skipped: 02:00:00:00:00:00 is what Android 6+ returns instead of the real MAC.
 */
import type { DataTypeId } from '../types.js';
import type { DetectorFamily, ExchangeContext, Hit } from './context.js';
import { featuresOf, keyAt, scannableText, type ScanView } from './context.js';
import { rulesFor } from './keys.js';
import { isMac } from './validators.js';

const SEPARATED_MAC =
  /(?<![0-9A-Fa-f:-])[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}\1[0-9A-Fa-f]{2}\1[0-9A-Fa-f]{2}\1[0-9A-Fa-f]{2}\1[0-9A-Fa-f]{2}(?![0-9A-Fa-f:-])/g;
const MAX_PER_VIEW = 50;
const MAC_TYPES: readonly DataTypeId[] = ['device.bluetooth_mac', 'network.wifi', 'device.mac'];

function typeForKey(key: string | null, host: string): DataTypeId | null {
  if (key === null) return null;
  const types = new Set(rulesFor(key, host).map((r) => r.dataType));
  return MAC_TYPES.find((t) => types.has(t)) ?? null;
}

/** Six hex pairs with five separators: 17 characters, five ':' or '-', a pair between two of them. */
function mayHoldMac(sv: ScanView): boolean {
  const f = featuresOf(sv);
  return f !== null && f.bytes >= 17 && (f.colons >= 5 || f.dashes >= 5) && f.hexPairBetweenSeparators;
}

function detectMacs(ctx: ExchangeContext): { hits: Hit[] } {
  const hits: Hit[] = [];
  for (const sv of scannableText(ctx)) {
    if (!mayHoldMac(sv)) continue;
    let found = 0;
    for (const m of sv.text!.matchAll(SEPARATED_MAC)) {
      if (!isMac(m[0])) continue;
      const keyed = typeForKey(keyAt(sv, m.index), ctx.host);
      hits.push({ view: sv.view, dataType: keyed ?? 'device.mac', match: 'pattern', confidence: keyed ? 'likely' : 'possible',
        detector: 'mac', matched: m[0], index: m.index });
      if (++found >= MAX_PER_VIEW) break;
    }
  }
  return { hits };
}

export const macFamily: DetectorFamily = { name: 'mac', detect: detectMacs };
