import { createHash } from 'node:crypto';

/**
 * §二(三) “one project, many recommenders”: two nominations name the same project when their title and lead
 * organisation are equal after this normalisation. NFKC folds full-width Latin and digits (ＡＩ → AI) that
 * Chinese input methods produce; white space is trimmed and collapsed; case is folded. Upper-then-lower casing
 * approximates Unicode full case folding (ß → ss) without a table; NFKC runs again because casing can
 * produce sequences that compose differently.
 */
export function normaliseForMatching(text: string): string {
  const compatible = text.normalize('NFKC').trim().replace(/\s+/gu, ' ');
  return compatible.toUpperCase().toLowerCase().normalize('NFKC');
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
