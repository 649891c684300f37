/**
 * The test phone, its user and the servers it talks to, shared by both scenarios. Every value is fictional or a
 * documented example, so no real person or device is named.
 */
import type { DeviceProfile } from '../detect/types.js';

export const DEVICE = {
  /** The IMEI example from Wikipedia's "International Mobile Equipment Identity" article (valid Luhn check digit). */
  imei: '490154203237518',
  /** MCC 310 / MNC 260 (T-Mobile US) followed by a made-up subscriber number. */
  imsi: '310260123456789',
  mac: 'ac:37:43:4d:b2:1f',
  androidId: '3f9a1c2b7d4e6a80',
  /** The example advertising ID from Google's Android developer documentation. */
  adId: '38400000-8cf0-11bd-b23e-10b96e40000d',
} as const;

/** 555-01xx numbers are reserved for fiction (NANPA); example.com is reserved for documentation (RFC 2606). */
export const ACCOUNT = { phone: '+1 650 555 0134', email: 'jamie.tester@example.com' } as const;

/** Palo Alto, where the 2019 plaintiff lived: 4 decimals ≈ 11 m, precise under every regime. */
export const HOME = { lat: 37.4419, lon: -122.143, label: 'home' } as const;

export function deviceProfile(extra: Partial<DeviceProfile> = {}): DeviceProfile {
  return {
    device: { imei: DEVICE.imei, imsi: DEVICE.imsi, mac: DEVICE.mac, androidId: DEVICE.androidId, adId: DEVICE.adId },
    locations: [{ ...HOME }],
    ...extra,
  };
}

/**
 * Server addresses, each inside a well-known allocation that the bundled IP database (ip-location-db
 * geo-whois-asn-country) places in the country named. Individual addresses are illustrative.
 */
export const SERVER_IP = {
  /** 106.11.0.0/16: Hangzhou Alibaba Advertising Co., Ltd. (APNIC, CN) — Alibaba/Umeng network.
   *  https://wq.apnic.net/static/search.html?query=106.11.0.0 */
  umeng: '106.11.248.144',
  /** 183.0.0.0/10: CHINANET Guangdong (APNIC, CN), the province of Tencent's Shenzhen headquarters.
   *  https://wq.apnic.net/static/search.html?query=183.3.226.35 */
  tencent: '183.3.226.35',
  /** 180.76.0.0/16: Beijing Baidu Netcom Science and Technology Co., Ltd. (APNIC, CN); 180.76.76.76 is Baidu's
   *  public DNS resolver. https://wq.apnic.net/static/search.html?query=180.76.0.0 */
  baidu: '180.76.8.21',
  /** 220.181.0.0/16: CHINANET Beijing (APNIC, CN). https://wq.apnic.net/static/search.html?query=220.181.0.0 */
  bytedanceBeijing: '220.181.174.34',
  /** 3.80.0.0/12: Amazon EC2 us-east-1, Northern Virginia (AWS ip-ranges.json, ARIN, US).
   *  https://ip-ranges.amazonaws.com/ip-ranges.json */
  awsVirginiaA: '3.80.54.17',
  awsVirginiaB: '3.80.61.203',
  awsVirginiaC: '3.80.12.96',
  /** 142.250.0.0/15: Google LLC (ARIN, US). https://whois.arin.net/rest/net/NET-142-250-0-0-1 */
  google: '142.250.72.46',
} as const;
