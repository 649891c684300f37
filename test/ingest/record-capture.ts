/**
 * Records real traffic for the pcap tests: a local HTTPS server (node:http2 with HTTP/1.1 fallback, certificate made
 * by Debian's openssl) and a plain HTTP server with a WebSocket endpoint, both on 127.0.0.1; curl (with
 * SSLKEYLOGFILE) and a raw WebSocket client talk to them while Debian's dumpcap captures the loopback interface.
 * Nothing here is telltale's code: the pcapng is written by dumpcap, the TLS by OpenSSL and Node.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import dgram from 'node:dgram';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const SERVER_NAME = 'collect.tracker.test';
export const PLANTED = {
  imei: '356938035643809',
  email: 'alice.roe@example.com',
  adId: '38400000-8cf0-11bd-b23e-10b96e40000d',
  androidId: '9774d56d682e549c',
  wsPhone: '+16505550134',
};
export const PROFILE = {
  device: { imei: PLANTED.imei, adId: PLANTED.adId, androidId: PLANTED.androidId },
  account: { email: PLANTED.email, phone: PLANTED.wsPhone },
};

export interface Recording {
  dir: string;
  pcap: string;
  keylog: string;
  /** When the WebSocket client sent its message carrying the phone number (epoch ms, from the client's clock). */
  wsSentMs: number;
}

function selfSignedCert(dir: string): { key: Buffer; cert: Buffer } {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    '-days', '2', '-subj', `/CN=${SERVER_NAME}`, '-addext', `subjectAltName=DNS:${SERVER_NAME}`], { stdio: 'ignore' });
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
}

function listen(server: net.Server, address = '127.0.0.1'): Promise<number> {
  return new Promise((resolve) => server.listen(0, address, () => resolve((server.address() as net.AddressInfo).port)));
}

/** The WebSocket server sits on another loopback address, so the capture holds two address pairs (split tests). */
export const WS_ADDRESS = '127.0.0.2';

function httpsServer(tls: { key: Buffer; cert: Buffer }): http2.Http2SecureServer {
  const server = http2.createSecureServer({ ...tls, allowHTTP1: true });
  server.on('request', (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => {
    req.resume();
    req.on('end', () => {
      if (req.url.startsWith('/events')) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end('event: config\ndata: {"device_id":"srv-7f3a9c21"}\n\n: keep-alive\n\ndata: {"flags":1}\n\n');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  return server;
}

/** A plain HTTP server whose /chat upgrades to WebSocket (RFC 6455 §4.2.2) and answers each message with an ack. */
function websocketServer(): http.Server {
  const server = http.createServer((_req, res) => res.end());
  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket) => {
    const accept = createHash('sha1').update(`${String(req.headers['sec-websocket-key'])}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    socket.on('data', () => socket.write(Buffer.concat([Buffer.from([0x81, 12]), Buffer.from('{"ack":true}')])));
    socket.on('end', () => socket.end());
    socket.on('error', () => undefined);
  });
  return server;
}

/** One masked client text frame (RFC 6455 §5.2), payload under 126 bytes. */
function clientTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!))]);
}

async function websocketClient(port: number): Promise<number> {
  const socket = net.connect(port, WS_ADDRESS);
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write('GET /chat HTTP/1.1\r\nHost: chat.tracker.test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
    + 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
  await new Promise((resolve) => socket.once('data', resolve));
  const sentMs = Date.now();
  socket.write(clientTextFrame(`{"type":"hello","phone":"${PLANTED.wsPhone}"}`));
  await new Promise((resolve) => socket.once('data', resolve));
  socket.end();
  await new Promise((resolve) => socket.once('close', resolve));
  return sentMs;
}

/**
 * Starts dumpcap on loopback and returns only once it demonstrably records: "Capturing on" is printed before the
 * capture filter is attached, and on a busy machine the first connection was lost. A UDP probe port is part of the
 * filter; probes are sent until one lands in the file. The probes are removed from the capture when it stops.
 */
async function startDumpcap(pcap: string, ports: number[]): Promise<() => Promise<void>> {
  const raw = `${pcap}.raw`;
  const probePort = await freeUdpPort();
  const filter = [...ports.map((p) => `tcp port ${p}`), `udp port ${probePort}`].join(' or ');
  const child = spawn('dumpcap', ['-i', 'lo', '-f', filter, '-w', raw], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dumpcap did not start: ${stderr}`)), 10_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('Capturing on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`dumpcap exited (${code}): ${stderr}`)));
  });
  await probeUntilRecorded(raw, probePort);
  return async () => {
    // Stop only once everything sent so far is in the file: a last probe sent now lands after it (loopback keeps the
    // order). A fixed pause lost the WebSocket's last packets when the machine was busy (the full suite, in CI).
    await probeUntilRecorded(raw, probePort, `last probe ${process.pid} ${Date.now()}`);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    execFileSync('tshark', ['-r', raw, '-Y', `!(udp.port == ${probePort})`, '-w', pcap], { stdio: 'ignore' });
  };
}

async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/**
 * Sends UDP probes to `port` until dumpcap has written one to `file`: with `marker`, until the file holds that marker
 * (the probe's payload); without, until the file grows past its header.
 */
async function probeUntilRecorded(file: string, port: number, marker?: string): Promise<void> {
  const socket = dgram.createSocket('udp4');
  const payload = marker ?? 'probe';
  const size = () => {
    try {
      return statSync(file).size;
    } catch {
      return 0;
    }
  };
  const landed = marker === undefined ? null : () => {
    try {
      return readFileSync(file).includes(marker);
    } catch {
      return false;
    }
  };
  try {
    // The file holds only its header until a packet is written; the header size is the baseline.
    let header = size();
    for (let attempt = 0; attempt < 200; attempt++) {
      await new Promise<void>((resolve) => socket.send(payload, port, '127.0.0.1', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (landed) {
        if (landed()) return;
        continue;
      }
      const now = size();
      if (header === 0) header = now;
      else if (now > header) return;
    }
    throw new Error(`dumpcap recorded none of 200 probes in 10 s${marker ? ' sent after the traffic' : ''}`);
  } finally {
    socket.close();
  }
}

export async function recordCapture(): Promise<Recording> {
  const dir = mkdtempSync(join(tmpdir(), 'telltale-pcap-'));
  const tls = selfSignedCert(dir);
  const https = httpsServer(tls);
  const ws = websocketServer();
  const [httpsPort, wsPort] = [await listen(https), await listen(ws, WS_ADDRESS)];
  const pcap = join(dir, 'capture.pcapng');
  const keylog = join(dir, 'sslkeys.txt');
  const stopCapture = await startDumpcap(pcap, [httpsPort, wsPort]);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await stopCapture();
  };
  try {
    const curl = (args: string[]) => run('curl', ['-sS', '-o', '/dev/null', '--cacert', join(dir, 'cert.pem'),
      '--resolve', `${SERVER_NAME}:${httpsPort}:127.0.0.1`, ...args], { env: { ...process.env, SSLKEYLOGFILE: keylog } });
    const base = `https://${SERVER_NAME}:${httpsPort}`;
    await curl(['--http1.1', '-H', 'content-type: application/json', '-d', JSON.stringify({ imei: PLANTED.imei, email: PLANTED.email }),
      `${base}/v1/collect?adid=${PLANTED.adId}`]);
    await curl(['--http2', '-H', 'content-type: application/json', '-d', JSON.stringify({ android_id: PLANTED.androidId }), `${base}/v2/collect`]);
    await curl(['--http2', `${base}/events`]);
    const wsSentMs = await websocketClient(wsPort);
    await stop();
    return { dir, pcap, keylog, wsSentMs };
  } finally {
    await stop();
    https.close();
    ws.close();
  }
}
