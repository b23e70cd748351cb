import { randomBytes } from 'node:crypto';

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function encodeTime(ms: number): string {
  let out = '';
  let rest = ms;
  for (let i = 0; i < 10; i++) {
    out = crockford[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function encodeRandom(bytes: Buffer): string {
  let out = '';
  for (const byte of bytes) out += crockford[byte % 32];
  return out;
}

/**
 * A ULID-shaped id: 10 characters of millisecond time then 16 random characters (80 bits), so ids sort by
 * creation time. That lets "newest first" listings use the id as a sort key without a second attribute.
 */
export function newId(prefix: string, now: Date = new Date()): string {
  return `${prefix}_${encodeTime(now.getTime())}${encodeRandom(randomBytes(16))}`;
}

export const idPattern = /^[a-z]{2,4}_[0-9A-HJKMNP-TV-Z]{26}$/;
