/**
 * List shapes seen in real SDK traffic: delimited strings (comma, newline, semicolon, pipe) in query, form and
 * multipart fields, JSON arrays of strings under any key, contact records with short keys; and the hard negatives
 * that resemble them (host names, one site's asset URLs, tracking URLs, CSS classes, versions, Java code).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { decodeExchange } from '../../src/decode/index.js';
import { createGenericDetector } from '../../src/detect/generic/index.js';
import type { Detection } from '../../src/detect/types.js';
import { byType, exchange, run, view } from './helpers.js';

const APPS = ['com.tencent.mm', 'com.eg.android.AlipayGphone', 'com.ss.android.ugc.aweme', 'com.whatsapp'];
const PAGES = ['https://www.reddit.com/r/depression/', 'https://www.indeed.com/jobs?q=nurse', 'https://www.zillow.com/homedetails/123'];

const listFindings = (d: Detection): string[] =>
  d.findings.filter((f) => f.detector.startsWith('list:')).map((f) => `${f.dataType} ${f.path} ${f.confidence} ${String(f.details?.count)}`);

function field(key: string, value: string, layer = 'form'): Detection {
  return run(exchange({ url: 'https://x.example.com/collect' }), [view(`request.body|${layer}:${key}`, value, { key })]);
}

function jsonField(key: string, value: unknown): Detection {
  return run(exchange({ url: 'https://x.example.com/collect' }),
    [view('request.body', JSON.stringify({ event: { props: { [key]: value } } }), { covered: true })]);
}

test('comma-separated packages in a query parameter through decode: found at the parameter, not the whole URL', () => {
  const url = `https://ulogs.example.com/unify_logs?os=android&pkgs=${encodeURIComponent(APPS.join(','))}`;
  const d = createGenericDetector()(decodeExchange(exchange({ url, method: 'GET' })));
  assert.deepEqual(listFindings(d), ['device.installed_apps request.url|query:pkgs likely 4']);
  assert.equal(byType(d, 'device.installed_apps')[0]!.matched, 'com.tencent.mm');
});

test('package lists split by semicolons, pipes or newlines; unkeyed lists of several vendors are possible', () => {
  assert.deepEqual(listFindings(field('installed_pkgs', APPS.join(';'))), ['device.installed_apps request.body|form:installed_pkgs likely 4']);
  assert.deepEqual(listFindings(field('bundle_ids', APPS.join('|'))), ['device.installed_apps request.body|form:bundle_ids likely 4']);
  assert.deepEqual(listFindings(field('d', APPS.join('\n'), 'multipart')), ['device.installed_apps request.body|multipart:d possible 4']);
});

test('a single package name is the app itself, not a list of installed apps', () => {
  assert.deepEqual(listFindings(field('pkg', 'com.ss.android.ugc.aweme')), []);
  assert.deepEqual(listFindings(field('package', 'com.ss.android.ugc.aweme', 'query')), []);
});

test('newline-separated URLs in a multipart field through decode (URL children do not hide the list)', () => {
  const boundary = '----b0undary';
  const body = `--${boundary}\r\nContent-Disposition: form-data; name="visited_urls"\r\n\r\n${PAGES.join('\n')}\r\n--${boundary}--\r\n`;
  const ex = exchange({ url: 'https://x.example.com/a', body, mimeType: `multipart/form-data; boundary=${boundary}`,
    headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` } });
  const d = createGenericDetector()(decodeExchange(ex));
  assert.deepEqual(listFindings(d), ['browsing.history request.body|multipart:visited_urls[0] likely 3']);
});

test('URL lists under any key: pages on three sites are possible history; a history key makes them likely', () => {
  assert.deepEqual(listFindings(field('u', PAGES.join(','))), ['browsing.history request.body|form:u possible 3']);
  assert.deepEqual(listFindings(jsonField('recent_urls', PAGES)), ['browsing.history request.body|json:$.event.props.recent_urls likely 3']);
  assert.deepEqual(listFindings(jsonField('items', PAGES)), ['browsing.history request.body|json:$.event.props.items possible 3']);
});

test('URL arrays in a brotli/gzip JSON body through decode', () => {
  const body = gzipSync(JSON.stringify({ header: { os: 'android' }, event: { props: { recent_urls: JSON.stringify(PAGES) } } }));
  const ex = exchange({ url: 'https://x.example.com/a', body, mimeType: 'application/json',
    headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' } });
  assert.deepEqual(listFindings(createGenericDetector()(decodeExchange(ex))),
    ['browsing.history request.body|gzip|json:$.event.props.recent_urls likely 3']);
});

test('contact records with short keys (n, p) or unfamiliar ones, under a contact key or not', () => {
  const short = [{ n: 'Wei Li', p: '+86 138 0013 8000' }, { n: 'Maria Garcia', p: '+34 612 345 678' }];
  assert.deepEqual(listFindings(jsonField('address_book', short)), ['contacts request.body|json:$.event.props.address_book likely 2']);
  const other = [{ who: 'Jane Doe', tel_home: '(650) 555-0134' }, { who: 'Li Wei', reach: 'li.wei@qq.com' }];
  assert.deepEqual(listFindings(jsonField('data', other)), ['contacts request.body|json:$.event.props.data likely 2']);
  const han = [{ xm: '王伟', sj: '+86 139 1234 5678' }, { xm: '李娜', sj: '+86 138 0013 8000' }];
  assert.deepEqual(listFindings(jsonField('friends', han)), ['contacts request.body|json:$.event.props.friends likely 2']);
});

test('records that are not contacts: one-word labels with numbers, authors with dates, products with prices', () => {
  const labels = [{ label: 'Home', value: '+1 650 555 0134' }, { label: 'Work', value: '+1 650 555 0199' }];
  assert.deepEqual(listFindings(jsonField('entries', labels)), []);
  const posts = [{ author: 'Maria Garcia', date: '2019-04-01' }, { author: 'Wei Li', date: '2019-03-28' }];
  assert.deepEqual(listFindings(jsonField('posts', posts)), []);
  const products = [{ title: 'Blue Widget', price: '19.99', sku: '100-200-300' }, { title: 'Red Gadget', price: '9.99', sku: '100-200-301' }];
  assert.deepEqual(listFindings(jsonField('cart', products)), []);
});

test('hard negatives: host names, versions, CSS classes and Java code in delimited strings', () => {
  const negatives: Record<string, string> = {
    cdn_hosts: 'static.example.org,cdn.jsdelivr.net,fonts.gstatic.com,img.alicdn.com',
    preconnect: 'cdn.example.tv|media.example.fr|img.example.me|static.example.es',
    versions: '1.2.3,4.5.6,10.4.12.180',
    classes: 'btn btn-primary nav-item active col-md-6',
    stack: 'java.lang.NullPointerException\n\tat com.umeng.analytics.MobclickAgent.onResume(MobclickAgent.java:120)\n\tat android.app.Activity.performResume(Activity.java:7939)',
    frames: 'com.umeng.analytics.MobclickAgent.onResume\ncom.google.firebase.FirebaseApp.initializeApp\ncom.facebook.FacebookSdk.sdkInitialize',
    sdk_classes: 'com.umeng.analytics.MobclickAgent,com.google.firebase.FirebaseApp,com.facebook.FacebookSdk,com.tencent.bugly.CrashReport',
    permissions: 'android.permission.INTERNET,android.permission.CAMERA,com.google.android.c2dm.permission.RECEIVE,android.permission.READ_CONTACTS',
    own_modules: 'com.example.social.camera,com.example.social.player,com.example.social.feed',
  };
  for (const [key, value] of Object.entries(negatives)) assert.deepEqual(listFindings(field(key, value)), [], key);
  // Even under a key that names an app list, host names on country or new TLDs are not packages.
  assert.deepEqual(listFindings(field('packages', 'cdn.akamai.tv,media.lemonde.fr,img.bitly.me,static.elpais.es')), []);
});

test('hard negatives: one site\'s assets and pages in a page-load beacon, tracking URLs across sites', () => {
  const assets = ['https://cdn.example-shop.com/img/a1.webp', 'https://cdn.example-shop.com/js/app.js', 'https://cdn.example-shop.com/css/site.css'];
  assert.deepEqual(listFindings(jsonField('resources', assets)), []);
  assert.deepEqual(listFindings(jsonField('asset_urls', assets)), []);
  const sameSite = ['https://www.example-shop.com/', 'https://www.example-shop.com/cart', 'https://api.example-shop.com/v1/items'];
  assert.deepEqual(listFindings(jsonField('entries', sameSite)), []);
  assert.deepEqual(listFindings(field('entries', sameSite.join('\n'), 'multipart')), []);
  const pixels = [
    'https://www.facebook.com/tr?id=123&ev=PageView&dl=x&rl=y&ts=1',
    'https://securepubads.g.doubleclick.net/gampad/ads?iu=/1/a&sz=300x250&c=1&t=2',
    'https://bat.bing.com/action/0?ti=1&Ver=2&mid=3&evt=pageLoad',
  ];
  assert.deepEqual(listFindings(jsonField('beacons', pixels)), []);
});

test('hard negatives: Android permissions and SDK class names as JSON arrays, even of several vendors', () => {
  const perms = ['android.permission.INTERNET', 'android.permission.ACCESS_FINE_LOCATION', 'com.google.android.c2dm.permission.RECEIVE'];
  assert.deepEqual(listFindings(jsonField('perms', perms)), []);
  const sdks = ['com.umeng.analytics.MobclickAgent', 'com.google.firebase.FirebaseApp', 'com.facebook.FacebookSdk', 'com.tencent.bugly.CrashReport'];
  assert.deepEqual(listFindings(jsonField('sdks', sdks)), []);
});
