/**
 * The unified social credit code (统一社会信用代码) of GB 32100-2015: 18 characters from a 31-character set (no
 * I, O, S, V, Z), the last one a check character over the first 17. §二(七), §二(九): the enterprise registry
 * the subsidy rules check is keyed by this code, so a mistyped code must be refused, not stored.
 */
export const creditCodeCharset = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const shape = /^[0-9A-HJ-NP-RT-UW-Y]{18}$/;

/** The check character for the first 17 characters, or undefined if one is outside the charset. */
export function creditCodeCheckChar(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = creditCodeCharset.indexOf(first17.charAt(i));
    if (value < 0) return undefined;
    sum += value * (weights[i] ?? 0);
  }
  return creditCodeCharset.charAt((31 - (sum % 31)) % 31);
}

export type CreditCodeProblem = 'length' | 'charset' | 'check_digit';

/** Why a code is not valid, or undefined when it is. Expects the canonical (upper-case) form. */
export function creditCodeProblem(code: string): CreditCodeProblem | undefined {
  if (code.length !== 18) return 'length';
  if (!shape.test(code)) return 'charset';
  return creditCodeCheckChar(code.slice(0, 17)) === code.charAt(17) ? undefined : 'check_digit';
}

export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === undefined;
}
