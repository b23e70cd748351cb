/**
 * Text a partner's system sends is stored and later shown in email and reports, so C0/C1 control characters
 * (NUL, escape sequences, backspace…) are refused. Multi-line fields (a summary) keep line feed and tab; every
 * other field is one line. Carriage return is refused too: clients send "\n" line ends.
 */
const controlExceptNewlineAndTab = /[\p{Cc}--[\n\t]]/v;
const anyControl = /\p{Cc}/u;

export function hasForbiddenControlCharacters(text: string, multiLine: boolean): boolean {
  return (multiLine ? controlExceptNewlineAndTab : anyControl).test(text);
}

/**
 * Issue 12, defect 2: characters no text may hold, decided per class at the edge. Noncharacters (U+FDD0–U+FDEF
 * and the last two code points of every plane, U+FFFE/U+FFFF …) are reserved for a program's internal use and
 * SQS refuses U+FFFE/U+FFFF; a lone surrogate is not a character at all (SQS refuses it, and it cannot be encoded
 * as UTF-8). Astral characters (emoji, CJK Extension B 𠀀 in real names) are ordinary text and pass.
 */
const noncharacter = /\p{Noncharacter_Code_Point}/u;

export type InvalidCharacter = 'lone-surrogate' | 'noncharacter';

/** Which class of character the text holds that no field may hold, if any. */
export function invalidCharacter(text: string): InvalidCharacter | undefined {
  if (!text.isWellFormed()) return 'lone-surrogate';
  if (noncharacter.test(text)) return 'noncharacter';
  return undefined;
}

/**
 * Characters that show nothing: white space, format characters (zero-width space and joiners, word joiner,
 * soft hyphen, bidi marks and controls: all Cf), the other default-ignorable code points (Hangul fillers U+3164,
 * U+115F, U+1160, U+FFA0, variation selectors, combining grapheme joiner) and the blank Braille pattern U+2800.
 * Issue 12, defect 8: a title made of these alone says nothing.
 */
const invisibleCharacters = /[\p{White_Space}\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]/gu;

/** A title of only white space or invisible characters says nothing; the project key would be empty. */
export function isBlank(text: string): boolean {
  return text.normalize('NFKC').replace(invisibleCharacters, '').length === 0;
}
