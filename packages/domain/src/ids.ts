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

let lastTime = -1;
let lastRandom: number[] = [];

/** The random part, or within one millisecond the previous one plus one, so ids made in order sort in order. */
function randomPart(time: number): string {
  if (time === lastTime) {
    const next = [...lastRandom];
    for (let i = next.length - 1; i >= 0; i--) {
      next[i] = ((next[i] ?? 0) + 1) % 32;
      if (next[i] !== 0) break;
    }
    lastRandom = next;
  } else {
    lastTime = time;
    lastRandom = [...randomBytes(16)].map((byte) => byte % 32);
  }
  return lastRandom.map((digit) => crockford[digit]).join('');
}

/**
 * A ULID-shaped id: 10 characters of millisecond time then 16 random characters (80 bits), so ids sort by
 * creation time. That lets "newest first" listings use the id as a sort key without a second attribute. Within
 * one millisecond the ids of one process increase (monotonic ULID): the events of one transaction, made in
 * order, show in a project's history in that order.
 */
export function newId(prefix: string, now: Date = new Date()): string {
  return `${prefix}_${encodeTime(now.getTime())}${randomPart(now.getTime())}`;
}

export const idPattern = /^[a-z]{2,4}_[0-9A-HJKMNP-TV-Z]{26}$/;
