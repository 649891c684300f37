import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/errors.js';
import { knownValuesOf, loadProfile, parseProfile } from '../../src/detect/known/index.js';

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof InputError, `expected InputError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected an InputError');
}

async function inputErrorAsync(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof InputError, `expected InputError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected an InputError');
}

test('an unknown key is rejected with its path and the file name', () => {
  const e = inputError(() => parseProfile({ device: { imeii: '352099001761481' } }, 'phone.json'));
  assert.equal(e.file, 'phone.json');
  assert.equal(e.where, '$.device.imeii');
  assert.match(e.message, /^phone\.json \(\$\.device\.imeii\): unknown key "imeii"/);
});

test('unknown keys inside list items and at the top level are named too', () => {
  assert.equal(inputError(() => parseProfile({ contacts: [{ name: 'A' }, { fax: '1' }] }, 'p.json')).where, '$.contacts[1].fax');
  assert.equal(inputError(() => parseProfile({ devices: {} }, 'p.json')).where, '$.devices');
});

test('values are validated: coordinates in range, MACs, emails, IPs, dates, custom types', () => {
  assert.equal(inputError(() => parseProfile({ locations: [{ lat: 100, lon: 0 }] }, 'p.json')).where, '$.locations[0].lat');
  assert.equal(inputError(() => parseProfile({ device: { mac: 'not-a-mac' } }, 'p.json')).where, '$.device.mac');
  assert.equal(inputError(() => parseProfile({ account: { email: 'nobody' } }, 'p.json')).where, '$.account.email');
  assert.equal(inputError(() => parseProfile({ network: { publicIp: '300.1.1.1' } }, 'p.json')).where, '$.network.publicIp');
  assert.equal(inputError(() => parseProfile({ account: { birthdate: '12/04/2001' } }, 'p.json')).where, '$.account.birthdate');
  assert.equal(inputError(() => parseProfile({ custom: [{ type: 'x', value: 'y' }] }, 'p.json')).where, '$.custom[0].type');
  assert.equal(inputError(() => parseProfile({ device: { imei: '   ' } }, 'p.json')).where, '$.device.imei');
});

test('an empty profile is valid (every field optional)', () => {
  assert.deepEqual(parseProfile({}, 'p.json'), {});
});

test('loadProfile reads YAML, .yml and JSON files and reports bad files with a clear place', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'telltale-profile-'));
  try {
    const yaml = join(dir, 'device.yaml');
    await writeFile(yaml, 'device:\n  imei: "352099001761481"\n  mac: AC:37:43:4D:9B:2F\naccount:\n  phone: "+1 650 555 0134"\n' +
      'locations:\n  - { lat: 37.4419, lon: -122.143, label: home }\n');
    const profile = await loadProfile(yaml);
    assert.equal(profile.device?.imei, '352099001761481');
    assert.equal(profile.device?.mac, 'AC:37:43:4D:9B:2F');
    assert.deepEqual(profile.locations, [{ lat: 37.4419, lon: -122.143, label: 'home' }]);

    const yml = join(dir, 'typo.yml');
    await writeFile(yml, 'account:\n  emial: a@b.example\n');
    const typo = await inputErrorAsync(loadProfile(yml));
    assert.equal(typo.where, '$.account.emial');
    assert.equal(typo.file, yml);

    const broken = join(dir, 'broken.yaml');
    await writeFile(broken, 'device:\n  imei: [unclosed\n');
    const bad = await inputErrorAsync(loadProfile(broken));
    assert.match(bad.where ?? '', /^line \d+ column \d+$/);
    assert.match(bad.message, /not valid YAML/);

    const json = join(dir, 'device.json');
    await writeFile(json, '\uFEFF{"account": {"email": "Jane.Doe@Example.com"}}');
    assert.equal((await loadProfile(json)).account?.email, 'Jane.Doe@Example.com');
    await writeFile(json, '{"account": ');
    assert.match((await inputErrorAsync(loadProfile(json))).message, /not valid JSON/);

    assert.match((await inputErrorAsync(loadProfile(join(dir, 'device.txt')))).message, /\.json, \.yaml or \.yml/);
    assert.match((await inputErrorAsync(loadProfile(join(dir, 'missing.json')))).message, /cannot read/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('knownValuesOf maps each profile field to its stable data type id', () => {
  const values = knownValuesOf(parseProfile({
    device: { imei: '352099001761481', androidId: '9774d56d682e549c', adId: '38400000-8cf0-11bd-b23e-10b96e40000d',
      mac: 'ac:37:43:4d:9b:2f', bluetoothMac: '00:1a:7d:da:71:13' },
    account: { email: 'jane@example.com', phone: '+16505550134', birthdate: '2001-04-12', child: true },
    network: { wifiBssid: '00:1A:2B:3C:4D:5E', publicIp: '203.0.113.7' },
    contacts: [{ name: 'Li Wei', phone: '+86 138 1234 5678' }],
    browsing: ['https://example.com/a'], messages: ['see you at 5'], custom: [{ type: 'custom.loyalty', value: 'LC-99812' }],
  }, 'p.json'));
  const byField = Object.fromEntries(values.map((v) => [v.field, v.dataType]));
  assert.deepEqual(byField, {
    'device.imei': 'device.imei', 'device.androidId': 'device.android_id', 'device.adId': 'device.ad_id',
    'device.mac': 'device.mac', 'device.bluetoothMac': 'device.bluetooth_mac',
    'account.email': 'account.email', 'account.phone': 'account.phone', 'account.birthdate': 'account.birthdate',
    'network.wifiBssid': 'network.wifi', 'network.publicIp': 'network.public_ip',
    'contacts[0].name': 'contacts', 'contacts[0].phone': 'contacts',
    'browsing[0]': 'browsing.history', 'messages[0]': 'message.content', 'custom.loyalty': 'custom.loyalty',
  });
  assert.equal(values.find((v) => v.field === 'contacts[0].phone')?.value, '+86 138 1234 5678');
});
