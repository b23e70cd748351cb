/**
 * SDK clients, created once per process and reused by every invocation (connection reuse is the single largest
 * latency win in Lambda). Endpoints and region come from the standard environment, so the same code talks to
 * AWS or to the local emulators.
 *
 * Each construction is marked pure, so a function's bundle keeps only the clients it uses: without the marks
 * every function (the authorizer too) carried the SQS and SES clients, about a quarter of its bundle. Each client
 * is a module of its own too: `@aws-sdk/lib-dynamodb` declares no `sideEffects: false`, so a module importing it
 * is kept whole, and a function using only SQS (the relay) carried the DynamoDB client with it (≈ 32 KB).
 */
export * from './clients/dynamodb.js';
export * from './clients/ses-email.js';
export * from './clients/sqs.js';
export * from './clients/sqs-visibility.js';
