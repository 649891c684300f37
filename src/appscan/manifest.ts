/**
 * AndroidManifest element tree (from binary AXML or text XML) → the facts a scan reports: identity, SDK levels,
 * permissions and components with their effective `exported` flag.
 */
import type { Component } from './types.js';
import { attrBool, attrString, childrenNamed, type XmlElement } from './xmltree.js';

export interface ManifestInfo {
  packageName: string | null;
  versionCode: string | null;
  versionName: string | null;
  minSdk: string | null;
  targetSdk: string | null;
  label: string | null;
  permissions: string[];
  declaredPermissions: string[];
  components: Component[];
  usesCleartextTraffic: boolean | null;
}

const COMPONENT_KINDS: readonly Component['kind'][] = ['activity', 'activity-alias', 'service', 'receiver', 'provider'];
/** uses-permission-sdk-23 (and its old -m alias) request runtime permissions only on API 23+; still requests. */
const PERMISSION_ELEMENTS = ['uses-permission', 'uses-permission-sdk-23', 'uses-permission-sdk-m'];

/** ".MainActivity" and "MainActivity" are relative to the package (as the platform resolves them). */
function qualify(name: string, packageName: string | null): string {
  if (!packageName) return name;
  if (name.startsWith('.')) return packageName + name;
  return name.includes('.') ? name : `${packageName}.${name}`;
}

function readComponent(el: XmlElement, kind: Component['kind'], packageName: string | null): Component | null {
  const rawName = attrString(el, 'name');
  if (!rawName) return null;
  const explicit = attrBool(el, 'exported');
  // Before Android 12 a component with an intent filter defaulted to exported; apps targeting 31+ must say it.
  const implied = childrenNamed(el, 'intent-filter').length > 0;
  return {
    kind,
    name: qualify(rawName, packageName),
    exported: explicit ?? implied,
    exportedExplicit: explicit !== null,
  };
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

export function readManifest(root: XmlElement): ManifestInfo {
  const packageName = attrString(root, 'package');
  const usesSdk = childrenNamed(root, 'uses-sdk')[0];
  const application = childrenNamed(root, 'application')[0];
  const permissions = PERMISSION_ELEMENTS.flatMap((tag) => childrenNamed(root, tag))
    .map((el) => attrString(el, 'name')).filter((n): n is string => !!n);
  const declared = childrenNamed(root, 'permission').map((el) => attrString(el, 'name')).filter((n): n is string => !!n);
  const components: Component[] = [];
  for (const child of application?.children ?? []) {
    const kind = COMPONENT_KINDS.find((k) => k === child.name);
    const component = kind ? readComponent(child, kind, packageName) : null;
    if (component) components.push(component);
  }
  components.sort((a, b) => (a.kind + a.name < b.kind + b.name ? -1 : a.kind + a.name > b.kind + b.name ? 1 : 0));
  return {
    packageName,
    versionCode: attrString(root, 'versionCode'),
    versionName: attrString(root, 'versionName'),
    minSdk: usesSdk ? attrString(usesSdk, 'minSdkVersion') : null,
    targetSdk: usesSdk ? attrString(usesSdk, 'targetSdkVersion') : null,
    label: application ? attrString(application, 'label') : null,
    permissions: sortedUnique(permissions),
    declaredPermissions: sortedUnique(declared),
    components,
    usesCleartextTraffic: application ? attrBool(application, 'usesCleartextTraffic') : null,
  };
}
