import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, creditCodeProblem, isValidCreditCode } from './credit-code.js';

/** Codes published on the national enterprise credit information system for well-known companies. */
const publicCodes = {
  华为技术有限公司: '914403001922038216',
  深圳市腾讯计算机系统有限公司: '91440300708461136T',
  小米科技有限责任公司: '91110108551385082Q',
};

describe('unified social credit code (GB 32100-2015)', () => {
  it.each(Object.entries(publicCodes))('accepts the public code of %s', (_name, code) => {
    expect(creditCodeProblem(code)).toBeUndefined();
    expect(isValidCreditCode(code)).toBe(true);
  });

  it('computes the check character, including letters and the 31 → 0 wrap', () => {
    expect(creditCodeCheckChar('91440300708461136')).toBe('T');
    expect(creditCodeCheckChar('91440300192203821')).toBe('6');
  });

  it.each(Object.values(publicCodes))('refuses %s with any other check character', (code) => {
    for (const wrong of '0123456789ABCDEFGHJKLMNPQRTUWXY'.replace(code.charAt(17), '')) {
      expect(creditCodeProblem(code.slice(0, 17) + wrong)).toBe('check_digit');
    }
  });

  it('refuses a swap of two adjacent characters (the weights catch transpositions)', () => {
    expect(creditCodeProblem('914403001922038126')).toBe('check_digit');
  });

  it('names the length and charset faults apart from the check digit', () => {
    expect(creditCodeProblem('91440300708461136')).toBe('length');
    expect(creditCodeProblem('91440300708461136TT')).toBe('length');
    // I, O, S, V and Z are not in the charset (they look like 1, 0, 5, U and 2).
    expect(creditCodeProblem('91440300708461136I')).toBe('charset');
    expect(creditCodeProblem('9144030070846113OT')).toBe('charset');
    expect(creditCodeProblem('91440300708461136t')).toBe('charset');
  });
});
