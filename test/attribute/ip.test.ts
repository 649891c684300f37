import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isNonPublicIp, parseIp } from '../../src/attribute/index.js';
import { embeddedIpv4, ipv4Text } from '../../src/attribute/ip.js';

test('parses IPv4, IPv6, bracketed, zoned and IPv4-mapped addresses', () => {
  assert.deepEqual(parseIp('8.8.8.8'), { version: 4, value: 0x08080808 });
  assert.deepEqual(parseIp('255.255.255.255'), { version: 4, value: 0xffffffff });
  assert.deepEqual(parseIp('[2001:db8::1]'), { version: 6, value: 0x20010db8000000000000000000000001n });
  assert.deepEqual(parseIp('fe80::1%eth0'), { version: 6, value: 0xfe800000000000000000000000000001n });
  assert.deepEqual(parseIp('::'), { version: 6, value: 0n });
  const mapped = parseIp('::ffff:192.168.1.5');
  assert.ok(mapped);
  assert.equal(ipv4Text(embeddedIpv4(mapped)!), '192.168.1.5');
  assert.equal(parseIp('1:2:3:4:5:6:7:8')?.value, 0x00010002000300040005000600070008n);
});

test('rejects what is not an address', () => {
  for (const bad of ['', 'example.com', '256.1.1.1', '1.2.3', '::g', '1::2::3', '08.8.8.8x']) assert.equal(parseIp(bad), null, bad);
});

test('private, documentation, loopback, CGN, multicast and reserved ranges have no country', () => {
  const nonPublic = ['10.1.2.3', '192.168.1.5', '172.16.0.1', '172.31.255.255', '127.0.0.1', '169.254.10.10',
    '100.64.0.1', '192.0.2.10', '198.51.100.7', '203.0.113.77', '198.18.0.1', '224.0.0.251', '240.0.0.1',
    '255.255.255.255', '0.0.0.0', '::1', '::', 'fe80::1', 'fd12:3456::1', 'fc00::1', '2001:db8::1', 'ff02::1',
    '3fff::1', '::ffff:10.0.0.1', '::ffff:192.168.0.1'];
  for (const ip of nonPublic) assert.equal(isNonPublicIp(parseIp(ip)!), true, ip);
});

test('public addresses next to the special ranges stay public', () => {
  const publicIps = ['8.8.8.8', '1.1.1.1', '172.15.255.255', '172.32.0.1', '192.169.0.1', '100.128.0.1',
    '203.0.114.1', '11.0.0.1', '223.255.255.255', '2a03:2880:f10c:83:face:b00c:0:25de', '2001:4860:4860::8888',
    '2400:cb00::1', '::ffff:8.8.8.8'];
  for (const ip of publicIps) assert.equal(isNonPublicIp(parseIp(ip)!), false, ip);
});
