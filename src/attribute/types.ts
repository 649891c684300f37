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
  categories: string[];
}

export interface Destination {
  host: string;
  /** Registrable domain (public suffix list). */
  domain: string;
  entity: EntityRef | null;
  serverIps: string[];
  /** Country of the server IP(s) per the embedded IP database; null when unknown/private. */
  serverCountry: string | null;
  /** Autonomous system of the server, when known. */
  asn: { number: number; org: string | null } | null;
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
  /** The app's own registrable domains or hosts (first party). */
  firstParty?: string[];
  /** Extra catalog files (Exodus JSON, DuckDuckGo TDS, Disconnect services.json) to import. */
  catalogs?: string[];
}
