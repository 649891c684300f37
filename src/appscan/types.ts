/**
 * Data model of the appscan stage: what is inside an app package (`telltale scan`, schema `telltale.appscan/1`).
 * The required fields follow design.md §2; everything after them is an extension (optional for consumers).
 * All arrays are sorted so that the same package always gives byte-identical JSON.
 */

export const APPSCAN_SCHEMA = 'telltale.appscan/1';

export type Platform = 'android' | 'ios';

/** What kind of file was scanned (decided from its content, not only its extension). */
export type PackageKind = 'apk' | 'aab' | 'aar' | 'jar' | 'dex' | 'ipa';

export interface AppInfo {
  platform: Platform;
  /** Android package name or iOS bundle id; null when the package does not say (bare DEX, JAR). */
  id: string | null;
  /** versionName / CFBundleShortVersionString. */
  version: string | null;
  /** versionCode / CFBundleVersion. */
  build?: string | null;
  /** Android minSdkVersion / iOS MinimumOSVersion. */
  minSdk?: string | null;
  /** Android targetSdkVersion (decides e.g. whether intent filters imply exported=true). */
  targetSdk?: string | null;
  /** Application label when it is a plain string (or resolved from resources.arsc). */
  label?: string | null;
}

export interface SdkMatch {
  /** SDK id from catalog/sdks.json. */
  id: string;
  name: string;
  category: string;
  entity: { id: string; name: string; country: string | null };
  /** A few matching class names / framework names / native libraries (sorted, at most EVIDENCE_LIMIT). */
  evidence: string[];
  /** How many class names matched (not capped). */
  classCount: number;
  /** Native libraries that matched. */
  nativeLibs: string[];
  /** Which signatures matched ("com.umeng.analytics.", "libBugly.so", "FBSDKCoreKit.framework"). */
  signatures: string[];
}

export interface Component {
  kind: 'activity' | 'activity-alias' | 'service' | 'receiver' | 'provider';
  name: string;
  /**
   * Whether other apps can start it: the explicit android:exported, or — when absent — true if it has an
   * intent filter (the platform default before Android 12), false otherwise.
   */
  exported: boolean;
  exportedExplicit: boolean;
}

export interface AtsException {
  domain: string;
  allowsInsecureHttp: boolean;
  includesSubdomains: boolean;
}

export interface HostInCode {
  host: string;
  /** "url": found inside a URL with a scheme; "string": a bare host name constant in a DEX string table. */
  via: 'url' | 'string';
  /** Where it was seen (entry names inside the package, sorted, at most EVIDENCE_LIMIT). */
  files: string[];
  /** A few full URLs seen for it (sorted, at most EVIDENCE_LIMIT). */
  urls: string[];
}

export interface CodeFileStat {
  /** Entry path inside the package ("classes2.dex", "assets/plugin.jar!/classes.dex"). */
  path: string;
  kind: 'dex' | 'jar' | 'class' | 'macho' | 'native';
  /** Classes defined in it (class_defs for DEX, .class entries for JAR, ObjC classes for Mach-O). */
  classes: number;
  bytes: number;
}

export interface AppScan {
  schema: typeof APPSCAN_SCHEMA;
  app: AppInfo;
  sdks: SdkMatch[];
  /** Requested permissions: Android uses-permission names, iOS NS*UsageDescription keys. */
  permissions: string[];
  /** Host names found in code (see hostsInCode for where and how). */
  hosts: string[];
  // ---- extensions ----
  input: { path: string; sha256: string; bytes: number; kind: PackageKind };
  /** True when a limit was hit or a part could not be read: results are a lower bound (see warnings). */
  partial: boolean;
  warnings: string[];
  /** Permissions the package declares (defines) itself (Android <permission>). */
  declaredPermissions: string[];
  components: Component[];
  /** Native library file names (Android lib/<abi>/*.so base names; iOS embedded dylibs). */
  nativeLibs: string[];
  /** iOS embedded frameworks ("FBSDKCoreKit.framework"). */
  frameworks: string[];
  /** iOS App Transport Security: arbitrary loads allowed, and per-domain exceptions. */
  ats?: { allowsArbitraryLoads: boolean; exceptions: AtsException[] };
  /** Android usesCleartextTraffic, when the manifest states it. */
  usesCleartextTraffic?: boolean | null;
  hostsInCode: HostInCode[];
  codeFiles: CodeFileStat[];
  /** Number of distinct class names read (all code files). */
  classCount: number;
}

/** Bounds for hostile packages. Every one has a default (DEFAULT_LIMITS); override per call. */
export interface ScanLimits {
  /** Largest uncompressed size of any one entry we inflate (bytes). */
  maxEntryBytes: number;
  /** Total bytes we inflate across the whole package, nested archives included (overlapping-entry bombs). */
  maxTotalBytes: number;
  /** Largest declared uncompressed/compressed ratio accepted for entries bigger than 1 MiB. */
  maxRatio: number;
  /** Most central-directory entries read from one archive. */
  maxEntries: number;
  /** Nesting depth of archives inside archives (APK → assets/x.jar → classes.dex is depth 1). */
  maxNestingDepth: number;
  /** Most strings read from one AXML / resources.arsc string pool. */
  maxPoolStrings: number;
  /** Most XML elements read from one manifest. */
  maxXmlElements: number;
  /** Most distinct class names kept in total. */
  maxClasses: number;
  /** Most distinct hosts kept. */
  maxHosts: number;
}

export interface ScanOptions extends Partial<ScanLimits> {
  /** Name used in errors and in `input.path` (defaults to the path given). */
  displayName?: string;
}

/** One traffic destination as seen by the rest of the pipeline, for joinScanWithTraffic. */
export interface TrafficHost {
  host: string;
  /** SDK ids attribute matched for this host. */
  sdks: string[];
  /** Data types detected in requests to this host. */
  dataTypes: string[];
}

export type SdkTrafficStatus = 'present-sending' | 'present-silent' | 'sending-not-found-in-code';

export interface SdkJoin {
  id: string;
  status: SdkTrafficStatus;
  /** Hosts in traffic attributed to this SDK (sorted). */
  hosts: string[];
}

export interface PermissionGap {
  dataType: string;
  /** The permission (or one of the alternatives, joined by " | ") the app would need to read this itself. */
  permission: string;
  note: string;
  /** Hosts the data type was sent to (sorted). */
  hosts: string[];
}

export interface ScanTrafficJoin {
  sdks: SdkJoin[];
  permissionGaps: PermissionGap[];
}
