/**
 * The capture's certificate authority: `CFG/ca.pem` (installed on the test device) and `CFG/ca.key` (mode 0600).
 * Created once and reused on every start, so a device set up yesterday still trusts today's proxy. An existing file
 * is never overwritten: files are created exclusively, and a half pair (one file without the other) is an error the
 * user resolves, not something telltale "repairs" by minting a new key.
 */
import { constants } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.js';

export interface CaFiles {
  certPath: string;
  keyPath: string;
  cert: string;
  key: string;
  /** True when this start created the pair (the device must install ca.pem). */
  created: boolean;
  /** base64 SHA-256 of the CA's SubjectPublicKeyInfo (what Chromium's --ignore-certificate-errors-spki-list takes). */
  spkiFingerprint: string;
}

const CA_SUBJECT = { commonName: 'telltale capture CA (testing only)', organizationName: 'telltale' };

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

export async function loadOrCreateCa(configDir: string): Promise<CaFiles> {
  // Loaded on demand: mockttp is large, and every other command of the CLI would pay for it.
  const { generateCACertificate, generateSPKIFingerprint } = await import('mockttp');
  const certPath = join(configDir, 'ca.pem');
  const keyPath = join(configDir, 'ca.key');
  const [hasCert, hasKey] = [await exists(certPath), await exists(keyPath)];
  if (hasCert !== hasKey) {
    const [present, missing] = hasCert ? [certPath, keyPath] : [keyPath, certPath];
    throw new InputError(present, null, `found without ${missing}; restore the pair or move it away (telltale never replaces a CA silently)`);
  }
  let created = false;
  if (!hasCert) {
    await mkdir(configDir, { recursive: true, mode: 0o700 });
    const ca = await generateCACertificate({ subject: CA_SUBJECT, bits: 2048 });
    // 'wx': exclusive creation, so two captures starting at once cannot overwrite each other's key.
    await writeFile(keyPath, ca.key, { flag: 'wx', mode: 0o600 });
    await writeFile(certPath, ca.cert, { flag: 'wx', mode: 0o644 });
    created = true;
  }
  const keyMode = (await stat(keyPath)).mode & 0o777;
  if ((keyMode & (constants.S_IRWXG | constants.S_IRWXO)) !== 0) {
    throw new InputError(keyPath, null, `readable by others (mode ${keyMode.toString(8)}); run chmod 600 on it`);
  }
  const cert = await readFile(certPath, 'utf8');
  const key = await readFile(keyPath, 'utf8');
  if (!cert.includes('-----BEGIN CERTIFICATE-----')) throw new InputError(certPath, null, 'not a PEM certificate');
  if (!/-----BEGIN (RSA |EC )?PRIVATE KEY-----/.test(key)) throw new InputError(keyPath, null, 'not a PEM private key');
  return { certPath, keyPath, cert, key, created, spkiFingerprint: await generateSPKIFingerprint(cert) };
}

/** What the tester does with ca.pem, printed at start. */
export function caInstallHelp(ca: CaFiles, proxy: string, page: string): string {
  return [
    `proxy:   ${proxy}   (set it as the device's Wi-Fi HTTP proxy)`,
    `page:    ${page}   (mark consent, next, post, ... as you go)`,
    `CA:      ${ca.certPath}${ca.created ? '   (new: install it on the device)' : ''}`,
    '  Android: copy ca.pem to the device (or open <page>/ca.pem in its browser), Settings > Security > Encryption &',
    '           credentials > Install a certificate > CA certificate. Apps trust user CAs only when they opt in',
    '           (network_security_config) or on Android 6 and older; for others, use a rooted test device.',
    '  iOS:     open <page>/ca.pem in Safari, install the profile (Settings > General > VPN & Device Management), then',
    '           Settings > General > About > Certificate Trust Settings > enable full trust for the telltale CA.',
    '  Apps that pin their certificates refuse it anyway: those connections are listed as tls-failed blind spots.',
  ].join('\n').replaceAll('<page>', page.replace(/\/$/, ''));
}
