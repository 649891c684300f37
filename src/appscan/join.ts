/**
 * Joins a static scan with what traffic showed: which SDKs are in the code and sending, in the code but silent, or
 * sending without being found in the code (loaded at run time, obfuscated, or a server-side integration); and which
 * data types left the device although the app holds no permission that would let it read them itself.
 *
 * Permission facts: https://developer.android.com/reference/android/Manifest.permission and
 * https://developer.apple.com/documentation/bundleresources/information-property-list (NS*UsageDescription keys).
 */
import type { AppScan, PermissionGap, SdkJoin, ScanTrafficJoin, TrafficHost } from './types.js';

/** Data type → permissions, any one of which lets an app read it on the device itself. */
const ANDROID_PERMISSIONS: Record<string, string[]> = {
  'location.precise': ['android.permission.ACCESS_FINE_LOCATION'],
  'location.coarse': ['android.permission.ACCESS_COARSE_LOCATION', 'android.permission.ACCESS_FINE_LOCATION'],
  'device.imei': ['android.permission.READ_PHONE_STATE', 'android.permission.READ_PRIVILEGED_PHONE_STATE'],
  'device.imsi': ['android.permission.READ_PHONE_STATE', 'android.permission.READ_PRIVILEGED_PHONE_STATE'],
  'device.serial': ['android.permission.READ_PHONE_STATE', 'android.permission.READ_PRIVILEGED_PHONE_STATE'],
  'account.phone': ['android.permission.READ_PHONE_NUMBERS', 'android.permission.READ_PHONE_STATE', 'android.permission.READ_SMS'],
  'account.email': ['android.permission.GET_ACCOUNTS'],
  contacts: ['android.permission.READ_CONTACTS'],
  'network.wifi': ['android.permission.ACCESS_WIFI_STATE'],
  'device.mac': ['android.permission.ACCESS_WIFI_STATE'],
  'device.bluetooth_mac': ['android.permission.BLUETOOTH', 'android.permission.BLUETOOTH_CONNECT'],
  'device.installed_apps': ['android.permission.QUERY_ALL_PACKAGES'],
  'media.audio': ['android.permission.RECORD_AUDIO', 'android.permission.READ_MEDIA_AUDIO', 'android.permission.READ_EXTERNAL_STORAGE'],
  'media.video': ['android.permission.CAMERA', 'android.permission.READ_MEDIA_VIDEO', 'android.permission.READ_EXTERNAL_STORAGE'],
  'media.image': ['android.permission.CAMERA', 'android.permission.READ_MEDIA_IMAGES', 'android.permission.READ_EXTERNAL_STORAGE'],
  'biometric.face': ['android.permission.CAMERA', 'android.permission.READ_MEDIA_IMAGES', 'android.permission.READ_MEDIA_VIDEO', 'android.permission.READ_EXTERNAL_STORAGE'],
  'message.content': ['android.permission.READ_SMS', 'android.permission.RECEIVE_SMS'],
};

const IOS_PERMISSIONS: Record<string, string[]> = {
  'location.precise': ['NSLocationWhenInUseUsageDescription', 'NSLocationAlwaysAndWhenInUseUsageDescription', 'NSLocationAlwaysUsageDescription', 'NSLocationUsageDescription'],
  'location.coarse': ['NSLocationWhenInUseUsageDescription', 'NSLocationAlwaysAndWhenInUseUsageDescription', 'NSLocationAlwaysUsageDescription', 'NSLocationUsageDescription'],
  contacts: ['NSContactsUsageDescription'],
  'device.ad_id': ['NSUserTrackingUsageDescription'],
  'media.audio': ['NSMicrophoneUsageDescription'],
  'media.video': ['NSCameraUsageDescription', 'NSPhotoLibraryUsageDescription'],
  'media.image': ['NSCameraUsageDescription', 'NSPhotoLibraryUsageDescription'],
  'biometric.face': ['NSCameraUsageDescription', 'NSPhotoLibraryUsageDescription', 'NSFaceIDUsageDescription'],
  'device.bluetooth_mac': ['NSBluetoothAlwaysUsageDescription', 'NSBluetoothPeripheralUsageDescription'],
};

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function joinSdks(scan: AppScan, traffic: TrafficHost[]): SdkJoin[] {
  const hostsBySdk = new Map<string, Set<string>>();
  for (const t of traffic) {
    for (const sdk of t.sdks) {
      const hosts = hostsBySdk.get(sdk) ?? new Set<string>();
      hosts.add(t.host);
      hostsBySdk.set(sdk, hosts);
    }
  }
  const inCode = new Set(scan.sdks.map((s) => s.id));
  const ids = new Set([...inCode, ...hostsBySdk.keys()]);
  return [...ids].sort(cmp).map((id) => {
    const hosts = [...(hostsBySdk.get(id) ?? [])].sort(cmp);
    const status = inCode.has(id) ? (hosts.length > 0 ? 'present-sending' : 'present-silent') : 'sending-not-found-in-code';
    return { id, status, hosts };
  });
}

function gapNote(dataType: string, permission: string, platform: string): string {
  const subject = dataType.startsWith('location') ? 'location' : dataType;
  return `${subject} was sent but the ${platform === 'ios' ? 'app declares no' : 'app requests no'} ${permission}: `
    + 'the value came from elsewhere (IP geolocation, user input, a server, another app or SDK sharing it, or a '
    + 'permission gained outside the manifest), or the scanned package is not the build that produced the traffic';
}

function permissionGaps(scan: AppScan, traffic: TrafficHost[]): PermissionGap[] {
  const table = scan.app.platform === 'ios' ? IOS_PERMISSIONS : ANDROID_PERMISSIONS;
  const granted = new Set(scan.permissions);
  const hostsByType = new Map<string, Set<string>>();
  for (const t of traffic) {
    for (const dataType of t.dataTypes) {
      const hosts = hostsByType.get(dataType) ?? new Set<string>();
      hosts.add(t.host);
      hostsByType.set(dataType, hosts);
    }
  }
  const gaps: PermissionGap[] = [];
  for (const [dataType, hosts] of [...hostsByType.entries()].sort((a, b) => cmp(a[0], b[0]))) {
    const needed = table[dataType];
    if (!needed || needed.some((p) => granted.has(p))) continue;
    const permission = needed.join(' | ');
    gaps.push({ dataType, permission, note: gapNote(dataType, permission, scan.app.platform), hosts: [...hosts].sort(cmp) });
  }
  return gaps;
}

export function joinScanWithTraffic(scan: AppScan, traffic: TrafficHost[]): ScanTrafficJoin {
  return { sdks: joinSdks(scan, traffic), permissionGaps: permissionGaps(scan, traffic) };
}
