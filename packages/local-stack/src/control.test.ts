import { SQSClient } from '@aws-sdk/client-sqs';
import type { FunctionSpec } from '@wuhan/topology';
import { describe, expect, it } from 'vitest';
import { controlHandler } from './control.js';
import { LocalFunction } from './lambda-runtime.js';
import { Scheduler } from './scheduler.js';

/** A scheduled function that answers with the event's time, so the test sees the clock it was given. */
const spec: FunctionSpec = {
  name: 'clock',
  description: 'test',
  entry: 'unused',
  timeoutSeconds: 5,
  memoryMb: 128,
  triggers: [],
  access: { table: [], sendTo: [], inspect: [], sendEmail: false },
};
const fn = new LocalFunction(
  spec,
  async () => ({ handler: async (event) => ({ time: (event as { time: string }).time }) }),
  process.cwd(),
  'us-east-1',
);
const scheduler = new Scheduler(
  [{ name: 'tick', cron: '* * * * ? *', timeZone: 'UTC', fn }],
  'us-east-1',
  () => {},
);
const control = controlHandler({ scheduler, sqs: new SQSClient({ region: 'us-east-1' }), dlqs: {} });

describe('local control: running a schedule', () => {
  it('runs it as of `at`, so a test moves the clock instead of waiting', async () => {
    const answer = await control('POST', '/schedules/tick', '', 'at=2027-06-30T16%3A00%3A00%2B08%3A00');
    expect(answer).toEqual({ status: 200, body: { time: '2027-06-30T08:00:00.000Z' } });
  });

  it('runs it now without `at`', async () => {
    const before = Date.now();
    const answer = await control('POST', '/schedules/tick', '', '');
    const time = Date.parse((answer.body as { time: string }).time);
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(Date.now());
  });

  it('refuses an `at` that is not an ISO date-time with a zone', async () => {
    for (const at of ['tomorrow', '2027-06-30', '2027-06-30T16:00:00', '2027-13-40T99:00:00Z']) {
      expect((await control('POST', '/schedules/tick', '', `at=${encodeURIComponent(at)}`)).status).toBe(400);
    }
  });

  it('answers 404 for a schedule it does not know', async () => {
    expect((await control('POST', '/schedules/nope', '', 'at=2027-01-01T00:00:00Z')).status).toBe(404);
  });
});
