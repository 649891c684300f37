/** Data model of the attribute stage: who receives the data, and where. */

export interface EntityRef {
  id: string;
  name: string;
  /** Parent company name, or null when the entity is its own top. */
  parent: string | null;
  /** Headquarters country of the entity (ISO 3166-1 alpha-2). */
  country: string | null;
  /** Country of the ultimate parent when it differs (controller jurisdiction). */
  parentCountry?: string | null;
  /** Name of the ultimate parent when it is not the direct parent (DoubleClick → Google LLC → Alphabet Inc.). */
  ultimateParent?: string | null;
  categories: string[];
  /** When the parent shown (as of the capture's first exchange) acquired the entity, when the catalog dates it. */
  ownedSince?: string;
  /** Where the entity's facts come from (URLs; file: URLs for catalogs imported at run time). */
  sources?: string[];
}

export interface AsnInfo {
  number: number;
  org: string | null;
}

export interface Destination {
  host: string;
  /** Registrable domain (public suffix list). */
  domain: string;
  entity: EntityRef | null;
  serverIps: string[];
  /** Country of the server IP(s) per the embedded IP database; null when unknown/private. When the IPs disagree,
   *  the country of most IPs (ties: alphabetical); all of them are in serverCountries. */
  serverCountry: string | null;
  /** Every distinct country of the server IPs, sorted. */
  serverCountries?: string[];
  /** Autonomous system of the server (of the first IP that has one, in sorted order), when known. */
  asn: AsnInfo | null;
  party: 'first' | 'third';
  /** SDK ids whose network signatures match this host. */
  sdks: string[];
}

/** What attribution needs to know about a host seen in traffic. */
export interface HostObservation {
  host: string;
  serverIps: string[];
}

export interface AttributeOptions {
  /** The app's own registrable domains or hosts (first party). A host is first party when it is one of them or
   *  below one, or when the catalog attributes it to the same entity as one of them. */
  firstParty?: string[];
  /** Extra catalog files (Exodus JSON, DuckDuckGo TDS, Disconnect services.json) to import. Built-in entries win. */
  catalogs?: string[];
  /** A fresher IP → country MMDB (GeoIP2/GeoLite2 Country layout or ip-location-db's) instead of the bundled one. */
  ipCountryDb?: string;
  /** A fresher IP → ASN MMDB (GeoLite2-ASN layout) instead of the bundled CSV. */
  ipAsnDb?: string;
}

/** Who and where, per IP. */
export interface IpInfo {
  country: string | null;
  asn: AsnInfo | null;
}

export interface Attributor {
  attribute(obs: HostObservation): Destination;
  lookupIp(ip: string): IpInfo;
  entityOfHost(host: string): EntityRef | null;
  /**
   * Who ultimately controls the host's entity (the top of its ownership chain, as of the attributor's date), by entity
   * id; null for a host no catalog names. Two hosts with the same company are not third parties to each other.
   */
  companyOfHost(host: string): string | null;
  /** The same attributor with owners as of `time` (ISO date or time; the capture's first exchange). */
  asOf(time: string): Attributor;
}

export interface DestinationSummary {
  /** Destinations per server country ("unknown" when none). */
  byCountry: Record<string, number>;
  /** Destinations per controller jurisdiction: the ultimate parent's country ("unknown" when none). */
  byJurisdiction: Record<string, number>;
  /** Destinations per entity name ("unattributed" when none). */
  byEntity: Record<string, number>;
}
