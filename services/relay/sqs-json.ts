/**
 * Issue 12, defect 2: a message body SQS accepts for anything the edge accepts. SQS allows #x9 | #xA | #xD |
 * #x20–#xD7FF | #xE000–#xFFFD | #x10000–#x10FFFF; the local emulator (fauxqs) refuses astral characters too (an
 * emoji or 𠀀 in a title made every send fail `InvalidMessageContents`). So the body is JSON with everything
 * beyond that narrower, common set written as `\uXXXX` escapes: astral characters as their surrogate pair, and
 * noncharacters (the edge refuses them, but events written before it did may hold them). JSON.stringify already
 * escapes C0 controls and lone surrogates. Consumers parse JSON anyway, so they read the same value.
 */
const beyondEveryQueue = /[\u{10000}-\u{10FFFF}\uFDD0-\uFDEF\uFFFE\uFFFF]/gu;

function asEscapes(character: string): string {
  let escaped = '';
  for (let i = 0; i < character.length; i += 1)
    escaped += `\\u${character.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return escaped;
}

/** JSON.stringify, with only characters every SQS implementation accepts. Outside strings JSON is ASCII. */
export function sqsJson(value: unknown): string {
  return JSON.stringify(value).replace(beyondEveryQueue, asEscapes);
}
