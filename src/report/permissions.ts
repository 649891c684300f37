/**
 * Which requested permissions give an app access to private data, for marking them in scan reports.
 *
 * Android: permissions whose protection level is "dangerous" (runtime permissions), from
 *   https://developer.android.com/reference/android/Manifest.permission and
 *   https://developer.android.com/guide/topics/permissions/overview#runtime (API level 35).
 * iOS: every NS…UsageDescription key names a protected resource the system asks the user about, per
 *   https://developer.apple.com/documentation/bundleresources/information-property-list/protected-resources
 */
const ANDROID_DANGEROUS = new Set([
  'ACCEPT_HANDOVER', 'ACCESS_BACKGROUND_LOCATION', 'ACCESS_COARSE_LOCATION', 'ACCESS_FINE_LOCATION',
  'ACCESS_MEDIA_LOCATION', 'ACTIVITY_RECOGNITION', 'ADD_VOICEMAIL', 'ANSWER_PHONE_CALLS', 'BLUETOOTH_ADVERTISE',
  'BLUETOOTH_CONNECT', 'BLUETOOTH_SCAN', 'BODY_SENSORS', 'BODY_SENSORS_BACKGROUND', 'CALL_PHONE', 'CAMERA',
  'GET_ACCOUNTS', 'NEARBY_WIFI_DEVICES', 'POST_NOTIFICATIONS', 'PROCESS_OUTGOING_CALLS', 'READ_CALENDAR',
  'READ_CALL_LOG', 'READ_CONTACTS', 'READ_EXTERNAL_STORAGE', 'READ_MEDIA_AUDIO', 'READ_MEDIA_IMAGES',
  'READ_MEDIA_VIDEO', 'READ_MEDIA_VISUAL_USER_SELECTED', 'READ_PHONE_NUMBERS', 'READ_PHONE_STATE', 'READ_SMS',
  'RECEIVE_MMS', 'RECEIVE_SMS', 'RECEIVE_WAP_PUSH', 'RECORD_AUDIO', 'SEND_SMS', 'USE_SIP', 'UWB_RANGING',
  'WRITE_CALENDAR', 'WRITE_CALL_LOG', 'WRITE_CONTACTS', 'WRITE_EXTERNAL_STORAGE',
]);

export const PERMISSION_SOURCES = [
  'https://developer.android.com/reference/android/Manifest.permission',
  'https://developer.apple.com/documentation/bundleresources/information-property-list/protected-resources',
];

/** True for an Android "dangerous" permission or an iOS protected-resource usage key. */
export function isSensitivePermission(permission: string): boolean {
  if (/^NS[A-Za-z]+UsageDescription$/.test(permission)) return true;
  const prefix = 'android.permission.';
  return permission.startsWith(prefix) && ANDROID_DANGEROUS.has(permission.slice(prefix.length));
}
