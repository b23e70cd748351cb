import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured JSON logger per process. Every line carries the correlation id of the request or message
 * being handled (set by the HTTP and batch middleware). Log ids and kinds, never personal data.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'wuhan-disruptive-tech',
});
