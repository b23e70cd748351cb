import { dueDeadlines, fireDeadline } from '@wuhan/aws';
import * as z from '@wuhan/domain/zod';
import { logger } from '@wuhan/middleware';
import type { Context } from 'aws-lambda';
import { fireDueDeadlines, type SweepResult } from './fire-due-deadlines.js';

/**
 * Composition only: the `deadline-sweep` schedule (every minute) fires the deadlines that are due. "Now" is the
 * schedule's own time (`time`, EventBridge Scheduler's `<aws.scheduler.scheduled-time>`; the local stack's
 * control endpoint sets it with `?at=`), never the machine's clock, so tests move time by running the schedule
 * at a later instant instead of waiting, and a retried invocation sweeps for the same minute.
 */
const scheduledEventSchema = z.object({ time: z.iso.datetime({ offset: true }) });

const ports = { dueDeadlines, fireDeadline };

/** 25 per page (one transaction each, fired together); 500 per run, well inside the 60 s timeout. */
const limits = { pageSize: 25, maxPerRun: 500, reserveMs: 10_000 };

export const handler = async (event: unknown, context: Context): Promise<SweepResult> => {
  const { time } = scheduledEventSchema.parse(event);
  const result = await fireDueDeadlines(ports, new Date(time), {
    ...limits,
    timeLeftMs: () => context.getRemainingTimeInMillis(),
  });
  // Most minutes find nothing due: those sweeps log at debug, so the logs show the ones that did something.
  const didWork = result.fired + result.notPending + result.contended > 0 || result.more;
  (didWork ? logger.info : logger.debug).call(logger, 'Deadline sweep', { ...result });
  return result;
};
