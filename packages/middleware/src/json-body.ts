import { invalidCharacter } from '@wuhan/domain';
import type { FieldError } from './problem.js';

/**
 * Issue 12, defects 2 and 8: what JSON.parse accepts but the edge must not. JSON.parse keeps the last of two
 * equal keys (a partner's `"trl": 3, "trl": 7` silently became 7), turns `"__proto__"` into an own property
 * that spreads and merges treat specially (one overwrote a staff member's preferences with `{}`), and gives
 * strings holding noncharacters or lone surrogates, which SQS refuses downstream. This scans the text JSON.parse
 * already accepted, so it only has to find tokens, and names each fault by its path (`body.teamLead.name`).
 */

/** Keys that reach object prototypes when a body is merged or assigned into another object. */
const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

/** Enough to tell a client what to fix without letting a hostile body make the answer large. */
const MAX_FAULTS = 20;

interface ObjectFrame {
  kind: 'object';
  path: string[];
  keys: Set<string>;
  key: string | undefined;
  expectKey: boolean;
}
interface ArrayFrame {
  kind: 'array';
  path: string[];
  index: number;
}
type Frame = ObjectFrame | ArrayFrame;

const characterMessages = {
  noncharacter: 'Unicode noncharacters (U+FDD0–U+FDEF, U+FFFE, U+FFFF …) are not allowed',
  'lone-surrogate': 'A lone surrogate is not a character; send well-formed UTF-16 (or UTF-8)',
} as const;

/** The path of the value about to be read inside `frame` (the document itself at the top). */
function valuePath(frame: Frame | undefined): string[] {
  if (!frame) return [];
  return frame.kind === 'object' ? [...frame.path, frame.key ?? ''] : [...frame.path, String(frame.index)];
}

/** End of the string token opening at `start` (the index of its closing quote). */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i;
}

/** Faults in a JSON text that JSON.parse accepted, each named `prefix.path.to.field`. */
export function jsonBodyFaults(text: string, prefix = 'body'): FieldError[] {
  const faults: FieldError[] = [];
  const stack: Frame[] = [];
  const name = (path: readonly string[]) => [prefix, ...path].join('.');
  let i = 0;
  while (i < text.length && faults.length < MAX_FAULTS) {
    const char = text[i] as string;
    const top = stack.at(-1);
    if (char === '{' || char === '[') {
      const path = valuePath(top);
      stack.push(
        char === '{'
          ? { kind: 'object', path, keys: new Set(), key: undefined, expectKey: true }
          : { kind: 'array', path, index: 0 },
      );
      i += 1;
    } else if (char === '}' || char === ']') {
      stack.pop();
      i += 1;
    } else if (char === ',') {
      if (top?.kind === 'object') top.expectKey = true;
      else if (top?.kind === 'array') top.index += 1;
      i += 1;
    } else if (char === ':') {
      if (top?.kind === 'object') top.expectKey = false;
      i += 1;
    } else if (char === '"') {
      const end = stringEnd(text, i);
      const value = JSON.parse(text.slice(i, end + 1)) as string;
      i = end + 1;
      const isKey = top?.kind === 'object' && top.expectKey;
      if (isKey) {
        top.key = value;
        const field = name([...top.path, value]);
        if (forbiddenKeys.has(value))
          faults.push({ field, message: `The key "${value}" is not allowed`, code: 'forbidden_key' });
        else if (top.keys.has(value))
          faults.push({ field, message: `The key "${value}" appears more than once`, code: 'duplicate_key' });
        top.keys.add(value);
      }
      const invalid = invalidCharacter(value);
      if (invalid && !(isKey && forbiddenKeys.has(value)))
        faults.push({ field: name(valuePath(top)), message: characterMessages[invalid], code: invalid });
    } else {
      i += 1; // White space, or a number, true, false or null: nothing to check.
    }
  }
  return faults;
}
