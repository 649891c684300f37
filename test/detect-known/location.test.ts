import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createKnownValueDetector } from '../../src/detect/known/index.js';
import { getWithQuery, postGzipJson } from './helpers.js';
import { PROFILE } from './fixtures.js';

const detect = createKnownValueDetector(PROFILE);
const ALL_REGIMES = ['ca-cpra', 'ct-ctdpa', 'in-icdpa', 'us-28cfr202', 'us-padfa', 'va-vcdpa'];

function locations(decoded: Parameters<typeof detect>[0]) {
  return detect(decoded).findings.filter((f) => f.dataType.startsWith('location.'));
}

test('two fields lat/lng in decimal degrees: precise under every regime', () => {
  const [f, ...rest] = locations(postGzipJson('https://api.amap.com/v3/loc', { loc: { lat: 37.44193, lng: -122.14302 } }));
  assert.equal(rest.length, 0);
  assert.equal(f!.dataType, 'location.precise');
  assert.equal(f!.field, 'locations[0]');
  assert.deepEqual(f!.transform, []);
  assert.equal(f!.path, 'request.body|gzip|json:$.loc.lat');
  assert.deepEqual(f!.details, { precisionMeters: 1, distanceMeters: 4, regimes: ALL_REGIMES, label: 'home',
    otherPath: 'request.body|gzip|json:$.loc.lng' });
});

test('E7 integers (latitudeE7 / longitudeE7)', () => {
  const [f] = locations(postGzipJson('https://x.example/loc', { latitudeE7: 374419000, longitudeE7: -1221430000 }));
  assert.deepEqual([f!.dataType, ...f!.transform], ['location.precise', 'e7']);
  // 374419000 → 4 decimals of information, -1221430000 → 3: about 45 m.
  assert.equal(f!.details!.precisionMeters, 45);
});

test('×1e6 scaled integers under la / lo keys', () => {
  const [f] = locations(postGzipJson('https://x.example/loc', { la: 37441900, lo: -122143000 }));
  assert.deepEqual(f!.transform, ['scaled-1e6']);
});

test('Baidu-style "lat,lon" string in the gl query field', () => {
  const [f] = locations(getWithQuery('https://hmma.baidu.com/app.gif?gl=37.4419,-122.1430&op=46001'));
  assert.equal(f!.path, 'request.url|query:gl');
  assert.deepEqual(f!.transform, ['pair-string']);
  assert.equal(f!.matched, '37.4419,-122.1430');
  assert.deepEqual(f!.details!.regimes, ALL_REGIMES);
});

test('GeoJSON [lon, lat] coordinates are matched in swapped order', () => {
  const [f] = locations(postGzipJson('https://x.example/geo', { geometry: { type: 'Point', coordinates: [-122.1431, 37.4418] } }));
  assert.deepEqual(f!.transform, ['lon-lat-order']);
  assert.equal(f!.path, 'request.body|gzip|json:$.geometry.coordinates[0]');
});

test('two decimals: precise only under the 1,000 m DOJ rule; one decimal: coarse, no regime', () => {
  const [two] = locations(getWithQuery('https://x.example/?ll=37.44,-122.14'));
  assert.equal(two!.dataType, 'location.precise');
  assert.deepEqual(two!.details!.regimes, ['us-28cfr202']);
  assert.ok((two!.details!.precisionMeters as number) > 564 && (two!.details!.precisionMeters as number) <= 1000);
  const [one] = locations(getWithQuery('https://x.example/?ll=37.4,-122.1'));
  assert.equal(one!.dataType, 'location.coarse');
  assert.deepEqual(one!.details!.regimes, []);
});

test('places far from the profile location, and numbers that are not coordinates, give nothing', () => {
  assert.deepEqual(locations(postGzipJson('https://x.example/', {
    beijing: { lat: 39.9042, lng: 116.4074 }, version: '37.4419,-122.1430.5', sizes: [37, 122], ratio: { lat: 'n/a', lng: '' },
    ten_km_away: { lat: 37.5319, lng: -122.143 },
  })), []);
});

test('an array pair is exactly two numbers: a third number in the array (not a pair candidate itself) rules it out', () => {
  assert.equal(locations(postGzipJson('https://x.example/loc', { at: [37.4419, -122.143] })).length, 1);
  assert.equal(locations(postGzipJson('https://x.example/loc', { at: [37.4419, -122.143, 12.5] })).length, 0);
  assert.equal(locations(postGzipJson('https://x.example/loc', { at: [37.4419, -122.143, '12.5'] })).length, 0);
  // A non-numeric third item is not a number of the array: the pair stands.
  assert.equal(locations(postGzipJson('https://x.example/loc', { at: [37.4419, -122.143, 'home'] })).length, 1);
});

test('a "lat,lon" text that looks numeric byte by byte (digits, dots, spaces) is still read as a pair', () => {
  const [f] = locations(postGzipJson('https://x.example/loc', { where: '37.4419 -122.1430' }));
  assert.deepEqual(f!.transform, ['pair-string']);
});
