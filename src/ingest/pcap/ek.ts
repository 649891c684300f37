/**
 * Reading tshark's Elasticsearch JSON (`-T ek -x`) packet objects. A packet is `{"timestamp", "layers": {...}}`;
 * each protocol is a layer keyed by its name (an array when it occurs several times in the packet, e.g. two HTTP/2
 * frames), holding fields named `<layer>_<field with dots as underscores>`: `http_http_request_method`. With -x every
 * field also has a `_raw` twin holding its bytes in hex, which is how bodies come out intact (tshark prints some
 * body fields as text and would mangle binary bytes). A field repeated in one layer is an array.
 */
export type Layer = Record<string, unknown>;

export function layersOf(packet: Record<string, unknown>): Layer {
  const layers = packet.layers;
  return typeof layers === 'object' && layers !== null ? (layers as Layer) : {};
}

/** Every occurrence of a protocol layer in the packet, in order. */
export function layerList(layers: Layer, name: string): Layer[] {
  const value = layers[name];
  if (Array.isArray(value)) return value.filter((v): v is Layer => typeof v === 'object' && v !== null);
  return typeof value === 'object' && value !== null ? [value as Layer] : [];
}

/** The last occurrence (the innermost, for tunnelled IP). */
export function lastLayer(layers: Layer, name: string): Layer | null {
  const list = layerList(layers, name);
  return list.length > 0 ? list[list.length - 1]! : null;
}

function fieldKey(layer: string, field: string): string {
  return `${layer}_${field.replaceAll('.', '_')}`;
}

/** Every text value of a field (EK writes one value as a scalar, several as an array). */
export function texts(layer: Layer, layerName: string, field: string): string[] {
  const value = layer[fieldKey(layerName, field)];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.filter((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean').map(String);
}

export function text(layer: Layer, layerName: string, field: string): string | null {
  return texts(layer, layerName, field)[0] ?? null;
}

export function int(layer: Layer, layerName: string, field: string): number | null {
  const value = text(layer, layerName, field);
  if (value === null) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** Every occurrence of a field's bytes (from its `_raw` hex twin). */
export function rawList(layer: Layer, layerName: string, field: string): Buffer[] {
  const value = layer[`${fieldKey(layerName, field)}_raw`];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.filter((v): v is string => typeof v === 'string').map((hex) => Buffer.from(hex, 'hex'));
}

export function raw(layer: Layer, layerName: string, field: string): Buffer | null {
  return rawList(layer, layerName, field)[0] ?? null;
}

/** Frame number and capture time of a packet; times are read from text so no precision is lost in a float. */
export function frameOf(layers: Layer): { number: number; timeMs: number } | null {
  const frame = lastLayer(layers, 'frame');
  if (!frame) return null;
  const number = int(frame, 'frame', 'frame.number');
  const epoch = text(frame, 'frame', 'frame.time_epoch');
  if (number === null || epoch === null) return null;
  const [seconds, fraction = ''] = epoch.split('.');
  const timeMs = Number(seconds) * 1000 + Number(`${fraction.slice(0, 3).padEnd(3, '0')}.${fraction.slice(3) || '0'}`);
  return Number.isFinite(timeMs) ? { number, timeMs } : null;
}

export interface Endpoints {
  protocol: 'tcp' | 'udp';
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  /** tshark's connection index (tcp.stream), per tshark run. */
  stream: number;
}

export function endpointsOf(layers: Layer): Endpoints | null {
  const ip = lastLayer(layers, 'ipv6') ?? lastLayer(layers, 'ip');
  if (!ip) return null;
  const v6 = lastLayer(layers, 'ipv6') !== null;
  const src = v6 ? text(ip, 'ipv6', 'ipv6.src') : text(ip, 'ip', 'ip.src');
  const dst = v6 ? text(ip, 'ipv6', 'ipv6.dst') : text(ip, 'ip', 'ip.dst');
  const tcp = lastLayer(layers, 'tcp');
  const udp = tcp ? null : lastLayer(layers, 'udp');
  const transport = tcp ?? udp;
  if (!src || !dst || !transport) return null;
  const name = tcp ? 'tcp' : 'udp';
  const srcPort = int(transport, name, `${name}.srcport`);
  const dstPort = int(transport, name, `${name}.dstport`);
  if (srcPort === null || dstPort === null) return null;
  return { protocol: name, src, dst, srcPort, dstPort, stream: tcp ? int(tcp, 'tcp', 'tcp.stream') ?? -1 : -1 };
}
