/**
 * The one price table of the cost model: AWS list prices for us-east-1 (US East, N. Virginia), as published on the
 * pricing pages below, transcribed on the date in `takenOn`. They are on-demand list prices in the FIRST paid tier,
 * without the free tier, Savings Plans or any negotiated discount. Check the pages before quoting a figure: prices
 * change (DynamoDB's on-demand request prices, for one, were halved on 2024-11-01; these are the halved ones).
 */
export const prices = {
  takenOn: '2026-11-28',
  region: 'us-east-1',
  apiGatewayHttpApi: {
    source: 'https://aws.amazon.com/api-gateway/pricing/',
    tier: 'HTTP API, first 300 million requests per month',
    usdPerMillionRequests: 1.0,
    /** HTTP API requests are metered in 512 KB increments. */
    meteringBytes: 512 * 1024,
  },
  lambda: {
    source: 'https://aws.amazon.com/lambda/pricing/',
    tier: 'arm64, first 7.5 billion GB-seconds per month; 1 ms billing granularity',
    usdPerMillionRequests: 0.2,
    usdPerGbSecondArm64: 0.0000133334,
  },
  dynamodb: {
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    tier: 'on-demand capacity, DynamoDB Standard table class',
    usdPerMillionWriteRequestUnits: 0.625,
    usdPerMillionReadRequestUnits: 0.125,
  },
  sqs: {
    source: 'https://aws.amazon.com/sqs/pricing/',
    tier: 'standard queues, from 1 million to 100 billion requests per month',
    usdPerMillionRequests: 0.4,
    /** Each 64 KB chunk of a request's payload is billed as one request. */
    chunkBytes: 64 * 1024,
  },
  ses: {
    source: 'https://aws.amazon.com/ses/pricing/',
    tier: 'outbound email, sent from Lambda (no EC2 free allowance)',
    usdPerThousandEmails: 0.1,
  },
} as const;

export type Prices = typeof prices;
