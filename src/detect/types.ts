/** Data model of the detect stage: personal data found in views, with evidence. */
import type { SourceRef } from '../ingest/types.js';
import type { DecodedExchange, LeafFilter } from '../decode/types.js';

/** Stable data-type ids (design.md §2); `custom.*` comes from the profile. */
export const DATA_TYPES = [
  'device.imei', 'device.imsi', 'device.serial', 'device.android_id', 'device.ad_id', 'device.idfv', 'device.mac',
  'device.bluetooth_mac', 'device.model', 'device.installed_apps', 'device.sdk_id', 'account.email', 'account.phone', 'account.name',
  'account.username', 'account.birthdate', 'account.age', 'account.gender', 'account.password', 'network.public_ip',
  'network.local_ip', 'network.wifi', 'location.precise', 'location.coarse', 'contacts', 'browsing.history',
  'message.content', 'media.video', 'media.image', 'media.audio', 'biometric.face', 'clipboard',
  // An identifier a company uses to recognise a browser or device, found without a profile (design.md §2).
  'tracking.id',
] as const;
export type KnownDataType = (typeof DATA_TYPES)[number];
export type DataTypeId = KnownDataType | `custom.${string}`;

/** `sync`: the same value seen going to (or set by) several companies — found by correlate/, not per exchange. */
export type MatchKind = 'known-value' | 'pattern' | 'key' | 'media' | 'heuristic' | 'sync';
export type Confidence = 'confirmed' | 'likely' | 'possible';

/** The device profile file (design.md §2). Every field optional. */
export interface DeviceProfile {
  device?: {
    imei?: string; imsi?: string; serial?: string; androidId?: string; adId?: string; idfv?: string;
    mac?: string; bluetoothMac?: string; model?: string;
  };
  account?: {
    email?: string; phone?: string; name?: string; username?: string; birthdate?: string; gender?: string;
    password?: string;
    /** Marks the account holder as a child (COPPA context); optional extension. */
    child?: boolean;
  };
  network?: { publicIp?: string; localIp?: string; wifiSsid?: string; wifiBssid?: string };
  locations?: { lat: number; lon: number; label?: string }[];
  contacts?: { name?: string; phone?: string; email?: string }[];
  browsing?: string[];
  messages?: string[];
  custom?: { type: string; value: string }[];
}

/** One value the tester knows, ready to be searched for. */
export interface KnownValue {
  /** "device.imei", "contacts[2].phone", "custom.x" — which profile field this came from. */
  field: string;
  dataType: DataTypeId;
  value: string;
}

export interface Finding {
  dataType: DataTypeId;
  source: SourceRef;
  /** ISO time of the exchange. */
  time: string;
  host: string;
  method: string;
  /** Evidence path of the view (decode grammar), e.g. "request.body|gzip|json:$.header.imei". */
  path: string;
  /** What was done to the value before it was sent, innermost first (["sha256"], ["lowercase", "md5"]). */
  transform: string[];
  match: MatchKind;
  confidence: Confidence;
  /** Which detector produced it ("known-value", "imei-luhn", "email", "key:gl", "media:mp4", ...). */
  detector: string;
  /** Profile field for known values ("device.imei"), null otherwise. */
  field: string | null;
  /** The exact text that matched, as it appears in the view (a digest, an encoded form, the value itself). */
  matched: string;
  /** Context around the match (≤ 160 chars) as it appears in the view; report masks `matched` inside it. */
  excerpt: string;
  /**
   * Where `matched` starts in `excerpt` (UTF-16 index), when the detector knows it: a value sent several times in one
   * field gives one finding per occurrence, and each must point at its own, not at the first.
   */
  excerptAt?: number;
  /** Byte offset of the match within the view. */
  offset: number;
  /** Extra facts: precisionMeters, distanceMeters, mediaBytes, durationSeconds, regimes, ... (sorted keys on output). */
  details?: Record<string, string | number | boolean | string[]>;
  /**
   * Other data types the same value at the same place (exchange, path, byte span) also matched; this finding is the
   * most specific of them (merge.ts). Absent when there were none.
   */
  alsoMatches?: DataTypeId[];
}

/**
 * A fact about an exchange that is not personal data itself but that assessment needs:
 * the server handing the device an identifier, a media upload session, a biometric SDK endpoint.
 */
export interface Signal {
  /** 'id-assigned', 'media-upload', 'biometric-endpoint', ... (open set). */
  kind: string;
  source: SourceRef;
  time: string;
  host: string;
  path: string;
  details: Record<string, string | number | boolean>;
}

export type BlindSpotKind =
  | 'tls-failed' | 'opaque-payload' | 'non-http' | 'truncated-body' | 'decode-limit' | 'decode-failed'
  /** Seen in a pcap: TLS without keys (host = SNI), QUIC/HTTP3, other TCP/UDP flows. */
  | 'tls-undecrypted' | 'quic' | 'non-http-flow';

export interface BlindSpotHit {
  kind: BlindSpotKind;
  source: SourceRef;
  host: string;
  bytes: number;
  detail: string;
  /**
   * Which side of the exchange could not be read: what the device sent (request) or what it received (response).
   * Absent when the whole exchange is unseen (TLS failure, a non-HTTP flow). Assessment needs it: an unreadable
   * response cannot hide what the device sent.
   */
  side?: 'request' | 'response';
  /** ISO time of the exchange (or the flow's first packet); filled by the pipeline when the detector did not. */
  time?: string;
}

/**
 * Where an identifier-like value sat: request side (`query`, `cookie`, `body`, `header`: the value was sent) or
 * response side (`set-cookie`, `location`, `json`: a server handed it to the client).
 */
export type CandidateCarrier = 'query' | 'cookie' | 'body' | 'header' | 'set-cookie' | 'location' | 'json';

/** What an identifier-like value looks like (detect/generic/id-shape.ts). */
export type IdShape = 'uuid' | 'hex' | 'digits' | 'ga-client-id' | 'token';

/**
 * An identifier-like value of one exchange, kept for correlate/ (which sees the whole capture): the same value sent
 * to, or set by, several companies is a synced identifier; a value a response set and the client sent back later is
 * an assigned identifier. Not a finding by itself.
 */
export interface IdCandidate {
  /** The value as it sits in the view (at most 128 characters). */
  value: string;
  side: 'request' | 'response';
  carrier: CandidateCarrier;
  /** The key it sat under, as written ("partner_uid", "_kuid_"), or null. */
  key: string | null;
  /** Evidence path of the view ("request.url|query:puid", "response.cookies:RMID"). */
  path: string;
  shape: IdShape;
  /** True for a token cut out of a longer value ("IPON:<uuid>", "setuids('<id>')"), not the whole value. */
  part?: boolean;
  /** Set-Cookie only: seconds the cookie lives (Max-Age, else Expires − the response time); null for a session cookie. */
  lifetimeSeconds?: number | null;
}

/** Everything detect says about one exchange. */
export interface Detection {
  findings: Finding[];
  signals: Signal[];
  blindSpots: BlindSpotHit[];
  /** Identifier-like values for correlate/ (absent when no detector collects them). */
  candidates?: IdCandidate[];
  /**
   * Set when what was found here may depend on earlier exchanges of the run, or change what later ones give: the
   * exchange carries the id of a resumable upload, whose chunks are tied together across exchanges (media.ts). Decided
   * from this exchange alone, so every thread of a run answers the same; a run on several threads detects such an
   * exchange again on one thread, in reading order, so its report is the one-thread report. Only set by a detector
   * asked to (DetectorOptions.markRunState), and conservatively: it may be set where the state changed nothing.
   */
  runState?: true;
}

/**
 * A detector family (known values, generic patterns, media, ...) looks at one decoded exchange at a time.
 * Findings come from request-side views only (data leaving the device); response views may yield signals.
 */
export interface ExchangeDetector {
  (decoded: DecodedExchange): Detection;
  /**
   * Leaf views this detector never reads, whatever the rest of the exchange holds: decode may skip making them
   * (createDecodeContext's omitLeaf). Absent or null: it reads every view.
   */
  readonly ignoresLeaf?: LeafFilter | null;
}
