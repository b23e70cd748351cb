import type { FunctionSpec } from '@wuhan/topology';
import type { Meter } from './meter.js';
import { prices } from './prices.js';

export interface CostLine {
  item: string;
  /** Billable units per nomination. */
  perNomination: number;
  unit: string;
  usdPer1000: number;
}

export interface CostModel {
  lines: CostLine[];
  usdPer1000: number;
  usdPer1000WithoutEmail: number;
}

/** Billed duration: Lambda rounds each invocation up to the next millisecond. */
export function gbSeconds(durationsMs: readonly number[], memoryMb: number): number {
  return (durationsMs.reduce((a, ms) => a + Math.ceil(ms), 0) / 1000) * (memoryMb / 1024);
}

/**
 * One nomination's lifecycle, priced: what the meter saw during the measured phase divided by the accepted
 * nominations, times the list prices of bench/prices.ts.
 */
export function costModel(options: {
  meter: Meter;
  nominations: number;
  apiRequests: number;
  emails: number;
  functions: readonly FunctionSpec[];
}): CostModel {
  const { meter, nominations } = options;
  const per = (x: number) => x / nominations;
  const lines: CostLine[] = [];
  const add = (item: string, perNomination: number, unit: string, usdPerUnit: number) =>
    lines.push({ item, perNomination, unit, usdPer1000: perNomination * 1000 * usdPerUnit });

  add(
    'API Gateway HTTP API requests',
    per(options.apiRequests),
    'requests',
    prices.apiGatewayHttpApi.usdPerMillionRequests / 1e6,
  );
  const totals = meter.totals();
  add(
    'Lambda requests (all functions)',
    per(totals.invocations),
    'invocations',
    prices.lambda.usdPerMillionRequests / 1e6,
  );
  for (const [name, stats] of [...meter.invocations.entries()].sort()) {
    const memory = options.functions.find((f) => f.name === name)?.memoryMb ?? 128;
    add(
      `Lambda duration: ${name} (${memory} MB, ${stats.count} inv.)`,
      per(gbSeconds(stats.durationsMs, memory)),
      'GB-s',
      prices.lambda.usdPerGbSecondArm64,
    );
  }
  add(
    'DynamoDB write request units',
    per(totals.writeUnits),
    'WRU',
    prices.dynamodb.usdPerMillionWriteRequestUnits / 1e6,
  );
  add(
    'DynamoDB read request units',
    per(totals.readUnits),
    'RRU',
    prices.dynamodb.usdPerMillionReadRequestUnits / 1e6,
  );
  add(
    'SQS requests (64 KB chunks)',
    per(totals.sqsBilledRequests),
    'requests',
    prices.sqs.usdPerMillionRequests / 1e6,
  );
  add('SES emails', per(options.emails), 'emails', prices.ses.usdPerThousandEmails / 1000);
  const usdPer1000 = lines.reduce((a, l) => a + l.usdPer1000, 0);
  const ses = lines.find((l) => l.item === 'SES emails')?.usdPer1000 ?? 0;
  return { lines, usdPer1000, usdPer1000WithoutEmail: usdPer1000 - ses };
}
