/** Digest helpers for known-value variants: one-shot crypto.hash (2–3× faster than createHash on short input). */
import { hash } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';

export const DIGESTS = ['md5', 'sha1', 'sha256', 'sha512'] as const;
export type DigestName = (typeof DIGESTS)[number];

/** Hex length of each digest, to pick the algorithm from a token's length. */
export const DIGEST_HEX_LENGTH: Record<DigestName, number> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 };

export function digestBytes(algorithm: DigestName, input: string): Buffer {
  return hash(algorithm, input, 'buffer');
}

export function digestHex(algorithm: DigestName, input: string): string {
  return hash(algorithm, input, 'hex');
}

/** CRC-32 (IEEE 802.3, as java.util.zip.CRC32) of the UTF-8 bytes of `input`, unsigned. */
export function crc32(input: string): number {
  return zlibCrc32(input) >>> 0;
}

export function base64Unpadded(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64').replace(/=+$/, '');
}

export function base64UrlUnpadded(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}
