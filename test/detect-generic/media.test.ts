import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGenericDetector, mediaDurationSeconds, sniffMedia } from '../../src/detect/generic/index.js';
import { byType, exchange, run, view } from './helpers.js';
import { testNeeding } from '../helpers/needs.js';
import { adts, heic, jpeg, m4a, moov, mp4, opus, png, pseudoRandom, webm } from './media-fixtures.js';

const FIXTURES: [string, Buffer, string, string, number | null, RegExp][] = [
  ['mp4', mp4(15.5), 'mp4', 'media.video', 15.5, /ISO Media, MP4/],
  ['m4a', m4a(61.25), 'm4a', 'media.audio', 61.25, /Apple iTunes ALAC\/AAC-LC/],
  ['heic', heic(), 'heic', 'media.image', null, /HEIF Image/],
  ['jpeg', jpeg(), 'jpeg', 'media.image', null, /JPEG image data/],
  ['png', png(), 'png', 'media.image', null, /PNG image data/],
  ['webm', webm(4.5), 'webm', 'media.video', 4.5, /WebM/],
  ['opus', opus(3), 'opus', 'media.audio', 3, /Ogg data, Opus/],
  ['aac', adts(43), 'aac', 'media.audio', 0.998, /AAC/],
];

test('media sniffing: format, data type and duration for each container', () => {
  for (const [name, bytes, format, dataType, seconds] of FIXTURES) {
    const sniff = sniffMedia(bytes);
    assert.equal(sniff?.format, format, name);
    assert.equal(sniff?.dataType, dataType, name);
    assert.equal(mediaDurationSeconds(format, bytes), seconds, name);
  }
});

testNeeding('every generated media fixture is recognised by libmagic (Debian package "file")', { tools: ['file'] }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'telltale-media-'));
  try {
    for (const [name, bytes, , , , expected] of FIXTURES) {
      const p = join(dir, name);
      writeFileSync(p, bytes);
      const said = execFileSync('file', ['-b', p], { encoding: 'utf8' });
      assert.match(said, expected, `${name}: file(1) said ${said}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('text, JSON and short bodies are not media', () => {
  for (const b of ['{"a":1}', 'RIFF is a word', 'GIF8', '\x00\x00\x00\x18ftyp'].map((s) => Buffer.from(s, 'latin1'))) {
    assert.equal(sniffMedia(b), null);
  }
  assert.equal(sniffMedia(pseudoRandom(4096)), null);
});

test('multipart video upload: finding with size and duration, plus a media-upload signal', () => {
  const video = mp4(12.04, 8192);
  const ex = exchange({ url: 'https://api16-normal-c-useast1a.tiktokv.com/aweme/v1/upload/video/', mimeType: 'multipart/form-data' });
  const views = [
    view('request.body', Buffer.concat([Buffer.from('--b\r\n'), video]), { covered: true }),
    view('request.body|multipart:video[0]', video, { key: 'video', mimeType: 'video/mp4', filename: 'VID_20190401_100000.mp4' }),
    view('request.body|multipart:caption[0]', '', { key: 'caption' }),
  ];
  const d = run(ex, views);
  const f = byType(d, 'media.video');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.path, 'request.body|multipart:video[0]');
  assert.equal(f[0]!.detector, 'media:mp4');
  assert.equal(f[0]!.match, 'media');
  assert.deepEqual(f[0]!.details, { mediaType: 'mp4', mediaBytes: video.length, durationSeconds: 12.04, contentType: 'video/mp4',
    filename: 'VID_20190401_100000.mp4' });
  assert.deepEqual(d.signals.map((s) => [s.kind, s.path, s.details.bytes, s.details.durationSeconds]),
    [['media-upload', 'request.body|multipart:video[0]', video.length, 12.04]]);
  assert.deepEqual(d.blindSpots, [], 'media is not an opaque payload');
});

test('resumable upload in three chunks is tied together by upload id; moov at the end gives the duration', () => {
  const head = Buffer.concat([ftypOnly(), Buffer.from([0, 0, 0x40, 0x08]), Buffer.from('mdat'), pseudoRandom(4000, 'c1')]);
  const middle = pseudoRandom(4000, 'c2');
  const tail = Buffer.concat([pseudoRandom(1000, 'c3'), moov(33.3, 'vide')]);
  const total = head.length + middle.length + tail.length;
  const detector = createGenericDetector();
  let start = 0;
  const results = [head, middle, tail].map((chunk, i) => {
    const url = `https://vod-upload.example-cdn.com/upload/v1/abc?uploadID=7f3e9c2a41&part_number=${i + 1}&phase=transfer`;
    const ex = exchange({ url, index: i, mimeType: 'application/octet-stream',
      headers: { 'Content-Range': `bytes ${start}-${start + chunk.length - 1}/${total}` } });
    start += chunk.length;
    return run(ex, [view('request.url', url), view('request.body', chunk)], detector);
  });
  assert.deepEqual(results.map((d) => d.findings.map((f) => [f.dataType, f.details?.mediaBytes, f.details?.uploadId])), [
    [['media.video', total, '7f3e9c2a41']], [], []]);
  assert.deepEqual(results.map((d) => d.signals.map((s) => [s.details.continuation ?? false, s.details.chunkIndex, s.details.durationSeconds ?? null])), [
    [[false, 1, null]], [[true, 2, null]], [[true, 3, 33.3]]]);
  assert.deepEqual(results.map((d) => d.blindSpots.length), [0, 0, 0], 'known media chunks are not opaque');
});

function ftypOnly(): Buffer {
  return mp4(1).subarray(0, 32);
}

test('a video content type without magic bytes is a possible media upload', () => {
  const d = run(exchange({ url: 'https://upload.example.com/put', mimeType: 'video/quicktime' }),
    [view('request.body', pseudoRandom(5000))]);
  assert.deepEqual(d.findings.map((f) => [f.dataType, f.confidence, f.detector]), [['media.video', 'possible', 'media:content-type']]);
});

test('Face++ detect with an image: image finding, biometric.face, biometric-endpoint signal', () => {
  const photo = jpeg(3000);
  const ex = exchange({ url: 'https://api-us.faceplusplus.com/facepp/v3/detect', mimeType: 'multipart/form-data' });
  const views = [
    view('request.body', Buffer.concat([Buffer.from('--x\r\n'), photo]), { covered: true }),
    view('request.body|multipart:image_file[0]', photo, { key: 'image_file', mimeType: 'image/jpeg' }),
    view('request.body|multipart:return_landmark[0]', '1', { key: 'return_landmark' }),
  ];
  const d = run(ex, views);
  assert.deepEqual(d.findings.map((f) => [f.dataType, f.detector, f.confidence]), [
    ['biometric.face', 'biometric:face-endpoint', 'likely'],
    ['media.image', 'media:jpeg', 'likely'],
  ]);
  assert.deepEqual(d.signals.map((s) => [s.kind, s.details.vendor ?? s.details.mediaType]).sort(),
    [['biometric-endpoint', 'megvii-faceplusplus'], ['media-upload', 'jpeg']]);
});

test('face landmark data under face keys is biometric; face flags and look-alike paths are not', () => {
  const landmarks = Object.fromEntries(Array.from({ length: 36 }, (_, i) => [`p${i}`, { x: 100 + i, y: 200 + 2 * i }]));
  const body = JSON.stringify({ face_landmarks: landmarks, face_id_enabled: true, surface: 'feed' });
  const views = [view('request.body', body, { covered: true }),
    view('request.body|json:$.face_landmarks', JSON.stringify(landmarks), { key: 'face_landmarks', covered: true }),
    view('request.body|json:$.face_landmarks.p0.x', '100', { key: 'x' }),
    view('request.body|json:$.face_id_enabled', 'true', { key: 'face_id_enabled' })];
  const d = run(exchange({ url: 'https://api.example.com/api/surface/list' }), views);
  assert.deepEqual(d.findings.map((f) => [f.path, f.dataType, f.confidence]), [['request.body|json:$.face_landmarks', 'biometric.face', 'likely']]);
  assert.deepEqual(d.signals, []);
  const fb = run(exchange({ url: 'https://api.example.com/auth/facebook/login' }), []);
  assert.deepEqual(fb.signals, []);
  const liveness = run(exchange({ url: 'https://kyc.example.com/v2/face/liveness' }), []);
  assert.deepEqual(liveness.signals.map((s) => [s.kind, s.details.match]), [['biometric-endpoint', 'path']]);
});
