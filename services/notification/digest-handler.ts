import { logger } from '@wuhan/middleware';
import { digestDependencies } from './digest-dependencies.js';
import { sendDigests } from './send-digest.js';

/** Composition only: the daily-digest schedule (08:30 Asia/Shanghai) runs the digest use case. */
const deps = digestDependencies();

export const handler = async (): Promise<{ sent: number; staffWithEntries: number }> => {
  const result = await sendDigests(deps);
  logger.info('Daily digest run', result);
  return result;
};
