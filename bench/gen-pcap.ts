/**
 * Large synthetic pcapng for the pcap benchmark (`npm run bench:pcap`, issue #12): app traffic as it crosses a
 * router — DNS answers, HTTP/1.1 on keep-alive TCP connections (JSON events, forms, gzip bodies, 30–60 KB log uploads,
 * chunked gzip responses), TLS connections without keys (ClientHello with SNI, then opaque records) and QUIC-like
 * UDP/443 datagrams. Profile values are planted in one request in `plantEvery`. Streams to disk: memory stays flat.
 *
 * Every packet is well formed (sequence numbers, lengths), so Debian's tshark reassembles the HTTP exactly as from a
 * real capture. Outputs in `out/`: bench.pcapng, profile.json, planted.json.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Prng } from '../eval/prng.js';
import { benchProfile } from './gen-har.js';
import { ipOf, PcapngWriter, TCP_ACK, TCP_FIN, TCP_PSH, TCP_SYN } from './pcapng-writer.js';

export interface PcapBenchOptions {
  out: string;
  /** Stop once the file reaches this many bytes (default 1 GiB). */
  targetBytes?: number;
  seed?: number;
  plantEvery?: number;
}

export interface PcapBench {
  pcapPath: string;
  profilePath: string;
  plantedPath: string;
  bytes: number;
  packets: number;
  requests: number;
  planted: number;
  tlsFlows: number;
  quicFlows: number;
}

const START_US = BigInt(Date.UTC(2019, 3, 1, 10, 0, 0)) * 1000n;
const MSS = 1448;
const CLIENT_BASE = ipOf('10.8.0.0');
const RESOLVER = ipOf('10.8.255.1');
const HTTP_HOSTS: [string, string][] = [
  ['api.example-social.com', '93.184.216.34'], ['ulogs.umeng.com', '106.11.86.12'], ['hmma.baidu.com', '180.76.76.76'],
  ['log.snssdk.com', '101.71.100.150'], ['graph.facebook.com', '157.240.22.35'], ['app-measurement.com', '142.250.74.46'],
  ['android.bugly.qq.com', '109.244.244.135'], ['sdk.open.phone.igexin.com', '183.131.20.21'],
];
const TLS_HOSTS: [string, string][] = [
  ['mqtt-mini.facebook.com', '157.240.22.40'], ['api.pinned.example', '203.0.113.9'], ['t.appsflyer.com', '52.1.2.3'],
];
const QUIC_HOSTS: [string, string][] = [['www.youtube.com', '142.250.74.110'], ['m.facebook.com', '157.240.22.36']];

type Spot = 'query' | 'json' | 'header' | 'form' | 'gzip';
const SPOTS: Spot[] = ['query', 'json', 'json', 'header', 'form', 'gzip'];

interface Plant {
  request: number;
  field: string;
  transform: string[];
  spot: Spot;
}

interface Flow {
  client: number;
  port: number;
  server: number;
  sport: number;
  seqC: number;
  seqS: number;
}

class Clock {
  us = START_US;

  tick(min = 50, max = 3000, prng?: Prng): bigint {
    this.us += BigInt(prng ? prng.int(min, max) : min);
    return this.us;
  }
}

/** DNS response (RFC 1035) with one A answer; enough for tshark's dns.qry.name and dns.a. */
function dnsAnswer(id: number, name: string, ip: string): Buffer {
  const labels = Buffer.concat([...name.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])), Buffer.from([0])]);
  const header = Buffer.from([id >> 8, id & 0xff, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0]);
  const question = Buffer.concat([labels, Buffer.from([0, 1, 0, 1])]);
  const answer = Buffer.concat([Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4]), Buffer.from(ip.split('.').map(Number))]);
  return Buffer.concat([header, question, answer]);
}

/** A TLS 1.2 ClientHello carrying only the server_name extension (RFC 8446 §4.1.2, RFC 6066 §3). */
function clientHello(sni: string, prng: Prng): Buffer {
  const name = Buffer.from(sni);
  const serverName = Buffer.concat([u16(name.length + 3), Buffer.from([0]), u16(name.length), name]);
  const extensions = Buffer.concat([u16(0), u16(serverName.length), serverName]);
  const body = Buffer.concat([
    Buffer.from([3, 3]), Buffer.from(prng.hex(64), 'hex'), Buffer.from([0]), u16(2), Buffer.from([0xc0, 0x2f]), Buffer.from([1, 0]),
    u16(extensions.length), extensions,
  ]);
  const handshake = Buffer.concat([Buffer.from([1, 0, body.length >> 8, body.length & 0xff]), body]);
  return Buffer.concat([Buffer.from([0x16, 3, 1]), u16(handshake.length), handshake]);
}

function tlsRecord(type: number, length: number, prng: Prng): Buffer {
  return Buffer.concat([Buffer.from([type, 3, 3]), u16(length), randomBytes(length, prng)]);
}

function u16(n: number): Buffer {
  return Buffer.from([n >> 8, n & 0xff]);
}

const RANDOM_POOL = Buffer.alloc(1 << 20);

function randomBytes(length: number, prng: Prng): Buffer {
  const start = prng.int(0, RANDOM_POOL.length - length - 1);
  return RANDOM_POOL.subarray(start, start + length);
}

class Generator {
  private readonly clock = new Clock();
  private nextClient = 0;
  private dnsId = 1;
  requests = 0;
  tlsFlows = 0;
  quicFlows = 0;
  readonly plants: Plant[] = [];
  private readonly events: string[] = [];
  private readonly logLines: string[] = [];
  private readonly known;
  readonly profile;

  constructor(private readonly w: PcapngWriter, private readonly prng: Prng, private readonly plantEvery: number) {
    ({ known: this.known, profile: this.profile } = benchProfile(10, prng));
    for (let i = 0; i < RANDOM_POOL.length; i += 4) RANDOM_POOL.writeUInt32LE(Math.floor(prng.next() * 2 ** 32), i);
    const words = ['home', 'feed', 'profile', 'search', 'settings', 'video', 'comment', 'share'];
    for (let i = 0; i < 300; i++) {
      this.events.push(JSON.stringify({ event: prng.pick(['page_view', 'click', 'impression', 'scroll']), page: prng.pick(words),
        session_id: prng.hex(24), duration_ms: prng.int(1, 90000), props: { item_id: prng.digits(12), ab: prng.hex(8) } }));
      this.logLines.push(`${prng.pick(['D', 'I', 'W'])}/${prng.pick(['OkHttp', 'Glide', 'ExoPlayer'])}: ${prng.pick(words)} ${prng.hex(prng.int(20, 120))}`);
    }
  }

  private newFlow(server: string, sport: number): Flow {
    const n = this.nextClient++;
    return { client: CLIENT_BASE + 2 + Math.floor(n / 60000), port: 1024 + (n % 60000), server: ipOf(server), sport,
      seqC: this.prng.int(1, 2 ** 31), seqS: this.prng.int(1, 2 ** 31) };
  }

  async dns(name: string, ip: string): Promise<void> {
    const id = this.dnsId++ & 0xffff;
    await this.w.udp(this.clock.tick(100, 2000, this.prng), RESOLVER, 53, CLIENT_BASE + 2, 40000 + (id % 20000), dnsAnswer(id, name, ip));
  }

  private async open(f: Flow): Promise<void> {
    await this.w.tcp(this.clock.tick(200, 900, this.prng), f.client, f.port, f.server, f.sport, f.seqC, 0, TCP_SYN);
    await this.w.tcp(this.clock.tick(5000, 40000, this.prng), f.server, f.sport, f.client, f.port, f.seqS, f.seqC + 1, TCP_SYN | TCP_ACK);
    f.seqC++;
    f.seqS++;
    await this.w.tcp(this.clock.tick(), f.client, f.port, f.server, f.sport, f.seqC, f.seqS, TCP_ACK);
  }

  private async send(f: Flow, fromClient: boolean, data: Buffer): Promise<void> {
    for (let at = 0; at < data.length; at += MSS) {
      const piece = data.subarray(at, at + MSS);
      const time = this.clock.tick(20, 300, this.prng);
      if (fromClient) {
        await this.w.tcp(time, f.client, f.port, f.server, f.sport, f.seqC, f.seqS, TCP_ACK | TCP_PSH, piece);
        f.seqC += piece.length;
      } else {
        await this.w.tcp(time, f.server, f.sport, f.client, f.port, f.seqS, f.seqC, TCP_ACK | TCP_PSH, piece);
        f.seqS += piece.length;
      }
    }
  }

  private async close(f: Flow): Promise<void> {
    await this.w.tcp(this.clock.tick(), f.client, f.port, f.server, f.sport, f.seqC, f.seqS, TCP_FIN | TCP_ACK);
    await this.w.tcp(this.clock.tick(), f.server, f.sport, f.client, f.port, f.seqS, f.seqC + 1, TCP_FIN | TCP_ACK);
    await this.w.tcp(this.clock.tick(), f.client, f.port, f.server, f.sport, f.seqC + 1, f.seqS + 1, TCP_ACK);
  }

  async httpConnection(): Promise<void> {
    const [host, ip] = this.prng.pick(HTTP_HOSTS);
    const f = this.newFlow(ip, 80);
    await this.open(f);
    const count = this.prng.int(1, 4);
    for (let i = 0; i < count; i++) {
      await this.send(f, true, this.request(host));
      await this.send(f, false, this.response());
    }
    await this.close(f);
  }

  private plant(): { key: string; text: string; spot: Spot } | null {
    const n = this.requests++;
    if (n % this.plantEvery !== this.plantEvery >> 1) return null;
    const k = this.known[this.plants.length % this.known.length]!;
    const form = k.forms[Math.floor(this.plants.length / this.known.length) % k.forms.length]!;
    const spot = SPOTS[this.plants.length % SPOTS.length]!;
    this.plants.push({ request: n, field: k.field, transform: form.transform, spot });
    return { key: k.field.replace(/\W/g, '_'), text: form.text, spot };
  }

  private request(host: string): Buffer {
    const plant = this.plant();
    const prng = this.prng;
    const headers = [`Host: ${host}`, 'User-Agent: okhttp/3.12.1', 'Accept-Encoding: gzip'];
    if (plant?.spot === 'header') headers.push(`X-${plant.key}: ${plant.text}`);
    const kind = plant?.spot === 'gzip' ? 92 : plant?.spot === 'query' || plant?.spot === 'header' ? 0 : plant?.spot === 'form' ? 82
      : plant ? 50 : prng.int(0, 99);
    const extra = plant?.spot === 'json' || plant?.spot === 'gzip' ? `,"${plant.key}":"${plant.text}"` : '';
    let target: string;
    let body: Buffer | null = null;
    if (kind < 40) {
      target = `/v1/track?ev=click&sid=${prng.hex(24)}&r=${prng.hex(8)}${plant?.spot === 'query' ? `&${plant.key}=${encodeURIComponent(plant.text)}` : ''}`;
    } else if (kind < 80) {
      target = '/v1/events';
      headers.push('Content-Type: application/json');
      body = Buffer.from(this.eventsBody(prng.int(14, 50), extra));
    } else if (kind < 90) {
      target = '/v1/form';
      headers.push('Content-Type: application/x-www-form-urlencoded');
      const params = new URLSearchParams({ app: 'com.example.social', sid: prng.hex(24), extra: prng.hex(prng.int(200, 900)) });
      if (plant?.spot === 'form') params.set(plant.key, plant.text);
      body = Buffer.from(params.toString());
    } else if (kind < 95) {
      target = '/v1/batch';
      headers.push('Content-Type: application/json', 'Content-Encoding: gzip');
      body = gzipSync(this.eventsBody(prng.int(10, 30), extra), { level: 1 });
    } else {
      target = '/v1/logs/upload';
      headers.push('Content-Type: text/plain');
      const lines: string[] = [];
      for (let size = 0, goal = prng.int(30_000, 60_000); size < goal;) {
        const line = prng.pick(this.logLines);
        lines.push(line);
        size += line.length + 1;
      }
      body = Buffer.from(lines.join('\n'));
    }
    if (body) headers.push(`Content-Length: ${body.length}`);
    const head = Buffer.from(`${body ? 'POST' : 'GET'} ${target} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`);
    return body ? Buffer.concat([head, body]) : head;
  }

  private eventsBody(count: number, extra: string): string {
    const events: string[] = [];
    for (let i = 0; i < count; i++) events.push(this.prng.pick(this.events));
    return `{"app":"com.example.social","seq":${this.prng.int(1, 1e6)}${extra},"events":[${events.join(',')}]}`;
  }

  private response(): Buffer {
    const json = `{"code":0,"msg":"ok","device_id":"${this.prng.hex(16)}"}`;
    if (this.prng.int(0, 3) > 0) {
      return Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${json.length}\r\n\r\n${json}`);
    }
    const gz = gzipSync(json);
    const half = gz.length >> 1;
    const chunk = (b: Buffer) => Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]);
    return Buffer.concat([
      Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n'),
      chunk(gz.subarray(0, half)), chunk(gz.subarray(half)), Buffer.from('0\r\n\r\n'),
    ]);
  }

  async tlsConnection(): Promise<void> {
    const [host, ip] = this.prng.pick(TLS_HOSTS);
    const f = this.newFlow(ip, 443);
    this.tlsFlows++;
    await this.open(f);
    await this.send(f, true, clientHello(host, this.prng));
    await this.send(f, false, tlsRecord(0x16, this.prng.int(2000, 4000), this.prng));
    for (let i = this.prng.int(1, 5); i > 0; i--) {
      await this.send(f, true, tlsRecord(0x17, this.prng.int(200, 8000), this.prng));
      await this.send(f, false, tlsRecord(0x17, this.prng.int(200, 16000), this.prng));
    }
    await this.close(f);
  }

  async quicFlow(): Promise<void> {
    const [, ip] = this.prng.pick(QUIC_HOSTS);
    const f = this.newFlow(ip, 443);
    this.quicFlows++;
    for (let i = this.prng.int(4, 16); i > 0; i--) {
      const toServer = this.prng.int(0, 2) === 0;
      // Short-header QUIC packets (first bit 0, fixed bit 1) with opaque contents.
      const payload = Buffer.concat([Buffer.from([0x40 | this.prng.int(0, 63)]), randomBytes(this.prng.int(40, 1200), this.prng)]);
      if (toServer) await this.w.udp(this.clock.tick(50, 2000, this.prng), f.client, f.port, f.server, 443, payload);
      else await this.w.udp(this.clock.tick(50, 2000, this.prng), f.server, 443, f.client, f.port, payload);
    }
  }
}

export async function generateBenchPcap(options: PcapBenchOptions): Promise<PcapBench> {
  const target = options.targetBytes ?? 1 << 30;
  await mkdir(options.out, { recursive: true });
  const pcapPath = join(options.out, 'bench.pcapng');
  const writer = new PcapngWriter(createWriteStream(pcapPath));
  const prng = new Prng(options.seed ?? 11);
  const gen = new Generator(writer, prng, options.plantEvery ?? 100);
  for (let round = 0; writer.bytes < target; round++) {
    if (round % 200 === 0) {
      for (const [name, ip] of [...HTTP_HOSTS, ...TLS_HOSTS, ...QUIC_HOSTS]) await gen.dns(name, ip);
    }
    const dice = prng.int(0, 99);
    if (dice < 85) await gen.httpConnection();
    else if (dice < 95) await gen.tlsConnection();
    else await gen.quicFlow();
  }
  await writer.close();
  const profilePath = join(options.out, 'profile.json');
  const plantedPath = join(options.out, 'planted.json');
  await writeFile(profilePath, `${JSON.stringify(gen.profile, null, 2)}\n`);
  await writeFile(plantedPath, `${JSON.stringify({ requests: gen.requests, planted: gen.plants.length, plants: gen.plants }, null, 1)}\n`);
  return {
    pcapPath, profilePath, plantedPath, bytes: writer.bytes, packets: writer.packets, requests: gen.requests,
    planted: gen.plants.length, tlsFlows: gen.tlsFlows, quicFlows: gen.quicFlows,
  };
}
