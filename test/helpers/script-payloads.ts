/**
 * A capture whose URLs, headers, bodies, host names and tester notes carry script payloads, for the tests that open
 * reports in a browser: each payload would set window.__pwned or open a dialog if it ever ran.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { harOf, postEntry } from './hostile.js';

export const PAYLOADS = [
  '<script>window.__pwned=1;alert(1)</script>',
  '"><img src=x onerror="window.__pwned=2;alert(2)">',
  '</script><script>window.__pwned=3;alert(3)</script>',
  "'><svg onload=window.__pwned=4>",
  'javascript:window.__pwned=5;alert(5)',
  '<!--<script>window.__pwned=6</script>-->',
  'evil\u202Egnp.exe\u2066',
] as const;

/** The value planted as a profile custom value, so findings (and their excerpts, URLs) carry it. */
export const PLANTED = '<script>window.__pwned=7;alert(7)</script>';

export interface ScriptCapture {
  har: string;
  profile: string;
  events: string;
}

export function writeScriptCapture(dir: string): ScriptCapture {
  const all = PAYLOADS.join(' ');
  const entries = [
    // The payload in the URL path and query, a header, a cookie and a JSON body around the planted value.
    postEntry(`https://ulogs.umeng.com/${encodeURIComponent(PAYLOADS[0])}?next=${PAYLOADS[4]}&x=${PAYLOADS[1]}`, {
      mimeType: 'application/json', text: JSON.stringify({ note: all, secret: PLANTED, link: PAYLOADS[4] }),
    }, [{ name: 'X-Payload', value: all }, { name: 'Referer', value: PAYLOADS[4] }]),
    // A host name no URL parser accepts: the exchange is kept with the raw URL.
    postEntry(`https://x${PAYLOADS[1]}.example/${PAYLOADS[2]}`, { mimeType: 'text/plain', text: `${PLANTED} ${all}` }),
    // A form body and a bidi-spoofed path.
    postEntry(`https://collect.evil.example/${PAYLOADS[6]}`, {
      mimeType: 'application/x-www-form-urlencoded', text: `a=${encodeURIComponent(PLANTED)}&b=${encodeURIComponent(all)}`,
    }),
  ];
  const har = join(dir, 'script-payloads.har');
  const profile = join(dir, 'script-payloads.profile.json');
  const events = join(dir, 'script-payloads.events.json');
  writeFileSync(har, harOf(entries));
  writeFileSync(profile, JSON.stringify({ custom: [{ type: 'custom.payload', value: PLANTED }] }));
  writeFileSync(events, JSON.stringify([
    { at: '2019-04-01T09:59:59.000Z', kind: 'install' },
    { at: '2019-04-01T10:00:00.500Z', kind: 'note', value: all },
  ]));
  return { har, profile, events };
}
