/**
 * 'id-assigned' signals: the server hands the device an identifier. ByteDance's /service/2/device_register/ answers
 * with device_id and install_id (and new_user); other SDKs and apps answer registration/activation/init calls with
 * device_id, uid, udid, ... This is what the claim "identifier assigned before signup" is tested on. Only the key and
 * the value's length and masked form are reported, never the value itself.
 * Source: ../shared/knowledge/sdks.md (ByteDance /service/2/device_register/ assigns device_id / install_id).
 */
import type { Signal } from '../types.js';
import type { DetectorFamily, ExchangeContext, ScanView } from './context.js';
import { inPathOrder, maskValue } from './context.js';

/**
 * What this family examines, in words a claim can quote: "no identifier was handed out" is only as strong as what was
 * looked at. Keep it in step with the code below (setCookie: whether Set-Cookie values are judged as identifiers).
 */
export const ID_ASSIGNMENT_SCOPE = {
  description: 'identifier fields (device_id, install_id, uid, udid, did, umid, cuid, …) in the responses of registration-like ' +
    'endpoints (register, activate, init, handshake, device_register, …); and, across the whole capture (correlate/), ' +
    'identifier-shaped values a response set in a cookie living 30 days or more, or in a JSON id field, that a later ' +
    'request sent back',
  // correlate/ judges Set-Cookie values (lifetime ≥ 30 days, identifier shape, sent back later).
  setCookie: true,
} as const;

const BYTEDANCE_REGISTER = /\/service\/2\/device_register\/?$/;
const REGISTRATION_PATH = /register|registration|activat|handshake|getuid|getdid|\/init(\/|$)|\/bind(\/|$)|\/udid(\/|$)|\/device\/(new|create|add)(\/|$)/;
const ASSIGNED_ID_KEYS = new Set(['deviceid', 'deviceidstr', 'installid', 'installidstr', 'iid', 'uid', 'udid', 'did',
  'userid', 'clientudid', 'umid', 'utdid', 'cuid', 'openudid']);
const NEW_USER_KEYS = new Set(['newuser', 'isnewuser', 'newinstall', 'isnewinstall']);
const MAX_ID_CHARS = 256;

function idValue(sv: ScanView): string | null {
  const v = sv.text?.trim() ?? '';
  if (v.length < 4 || v.length > MAX_ID_CHARS || /^[0-]+$/.test(v) || !/^[A-Za-z0-9_=+/:.-]+$/.test(v)) return null;
  return v;
}

function newUserFlag(ctx: ExchangeContext): boolean | null {
  const flag = inPathOrder(ctx.response.filter((sv) => sv.normKey !== null && NEW_USER_KEYS.has(sv.normKey) && sv.text !== null))[0];
  if (!flag) return null;
  const v = flag.text!.trim().toLowerCase();
  return v === 'true' || v === '1';
}

function detectIdAssignment(ctx: ExchangeContext): { signals: Signal[] } {
  if (ctx.response.length === 0) return { signals: [] };
  const endpoint = BYTEDANCE_REGISTER.test(ctx.urlPath) ? 'bytedance-device-register'
    : REGISTRATION_PATH.test(ctx.urlPath) ? 'registration-path' : null;
  if (endpoint === null) return { signals: [] };
  const newUser = newUserFlag(ctx);
  const seen = new Set<string>();
  const signals: Signal[] = [];
  // The first view (in path order) with a key, or with a value, wins.
  const keyed = inPathOrder(ctx.response.filter((sv) => sv.normKey !== null && ASSIGNED_ID_KEYS.has(sv.normKey)));
  for (const sv of keyed) {
    if (sv.normKey === null || seen.has(sv.normKey)) continue;
    const value = idValue(sv);
    if (value === null || seen.has(value)) continue; // device_id and device_id_str carry the same id
    seen.add(sv.normKey).add(value);
    signals.push({ kind: 'id-assigned', source: ctx.exchange.source, time: ctx.exchange.time, host: ctx.host,
      path: sv.view.path, details: { key: sv.view.key ?? sv.normKey, valueLength: value.length, masked: maskValue(value),
        endpoint, ...(newUser !== null ? { newUser } : {}) } });
  }
  return { signals };
}

export const idAssignedFamily: DetectorFamily = { name: 'id-assigned', detect: detectIdAssignment };
