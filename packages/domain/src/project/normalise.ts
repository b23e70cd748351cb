import { createHash } from 'node:crypto';

/**
 * Characters that change nothing a reader sees: format characters (Cf: zero-width space and joiners, word
 * joiner, soft hyphen, bidi marks and controls) and the other default-ignorable code points (Hangul fillers,
 * variation selectors). Issue 12, defect 8: "量子\u200B传感" and "量子传感" are the same project.
 */
const ignorable = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

/**
 * Cyrillic and Greek letters that look like a Latin letter, in lower case (matching folds case first), mapped
 * to that letter: a Cyrillic "а" or a Greek "ο" in "Quаntum" makes no different project. A letter is listed when
 * either of its cases looks Latin (Cyrillic "т" because "Т" looks like "T"), so the fold gives one answer for
 * upper- and lower-case spellings. Drawn from Unicode's confusables (UTS #39) for these three scripts only:
 * Chinese titles are untouched.
 */
const confusables: Readonly<Record<string, string>> = {
  // Cyrillic
  а: 'a',
  в: 'b',
  е: 'e',
  і: 'i',
  ӏ: 'i',
  ј: 'j',
  к: 'k',
  м: 'm',
  н: 'h',
  һ: 'h',
  о: 'o',
  р: 'p',
  ԛ: 'q',
  с: 'c',
  ѕ: 's',
  т: 't',
  у: 'y',
  ү: 'y',
  ԝ: 'w',
  х: 'x',
  // Greek
  α: 'a',
  β: 'b',
  ε: 'e',
  ζ: 'z',
  η: 'h',
  ι: 'i',
  κ: 'k',
  μ: 'm',
  ν: 'n',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'y',
  χ: 'x',
};
const confusable = new RegExp(`[${Object.keys(confusables).join('')}]`, 'gu');

/**
 * §二(三) “one project, many recommenders”: two nominations name the same project when their title and lead
 * organisation are equal after this normalisation. NFKC folds full-width Latin and digits (ＡＩ → AI) that
 * Chinese input methods produce; invisible characters are dropped; white space is trimmed and collapsed; case is
 * folded; Latin look-alikes from Cyrillic and Greek become Latin. Upper-then-lower casing approximates Unicode
 * full case folding (ß → ss) without a table. The fold runs on the decomposed form (so "ё" folds like "е"), and
 * NFKC runs last because casing and folding can produce sequences that compose differently.
 */
export function normaliseForMatching(text: string): string {
  const compatible = text.normalize('NFKC').replace(ignorable, '').trim().replace(/\s+/gu, ' ');
  const folded = compatible.toUpperCase().toLowerCase().normalize('NFD');
  return folded.replace(confusable, (letter) => confusables[letter] ?? letter).normalize('NFKC');
}

/**
 * The project key: SHA-256 over the normalised title and lead organisation, separated by a character neither
 * can contain after normalisation (U+0000 is a control character, refused by the text rules), so "a b" + "c"
 * and "a" + "b c" never collide.
 */
export function projectKeyHash(title: string, leadOrganization: string): string {
  return createHash('sha256')
    .update(`${normaliseForMatching(title)}\u0000${normaliseForMatching(leadOrganization)}`, 'utf8')
    .digest('hex');
}
