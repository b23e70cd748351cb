import { SQSClient } from '@aws-sdk/client-sqs';

/**
 * Requests go to the client's own endpoint, never to a queue URL's host: the queues are in the function's region,
 * and the local emulator answers GetQueueUrl with `sqs.<region>.localhost` hosts that do not resolve everywhere
 * (it finds a queue by the URL's last segment), which the consumer's retry backoff looks up.
 */
export const sqs = /* @__PURE__ */ new SQSClient({ useQueueUrlAsEndpoint: false });
