/**
 * Exact money arithmetic on integer fen. A claim's amount is at most 10^13 fen and a rate at most 10^4 basis
 * points, so their product (10^17) passes 2^53: the multiplication is done in BigInt, and the quotient, at most
 * the amount itself, is a safe integer again.
 */

const BP_PER_WHOLE = 10_000n;

/** floor(amountFen × rateBp / 10000): a share of an amount, rounded down to the fen. */
export function shareOf(amountFen: number, rateBp: number): number {
  if (!Number.isSafeInteger(amountFen) || amountFen < 0)
    throw new RangeError(`Not an amount in fen: ${amountFen}`);
  if (!Number.isInteger(rateBp) || rateBp < 0 || rateBp > 10_000)
    throw new RangeError(`Not basis points: ${rateBp}`);
  return Number((BigInt(amountFen) * BigInt(rateBp)) / BP_PER_WHOLE);
}

/** A rate for people: 1500 → "15%", 1234 → "12.34%". */
export function percent(rateBp: number): string {
  return `${rateBp / 100}%`;
}

/** An amount for people in 万元, as the plan writes it: 100000000 → "100万", 150000 → "0.15万". */
export function wan(amountFen: number): string {
  return `${amountFen / 1_000_000}万`;
}

/** An amount for English readers: 100000000 → "1,000,000 yuan", 12345 → "123.45 yuan". */
export function yuan(amountFen: number): string {
  const whole = Math.floor(amountFen / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = amountFen % 100;
  return fraction === 0 ? `${whole} yuan` : `${whole}.${String(fraction).padStart(2, '0')} yuan`;
}
