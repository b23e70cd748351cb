import * as z from 'zod';

/**
 * Why a project of the second path did not complete, from its own record (`GET /v1/projects/{id}`: status and
 * history, oldest first): the last event it reached, with what that event names about itself (an unmatched
 * project's kinds, a screening's decision). The bench's failure counts are keyed by the step that timed out and
 * this, e.g. `offer: qualified, last event project.unmatched (pilot_platform)`, so a regression explains itself
 * in the report instead of showing only `{"offer": 17}`.
 */

const projectDetailSchema = z.object({
  status: z.string(),
  history: z.array(z.object({ type: z.string(), data: z.record(z.string(), z.unknown()).optional() })),
});

/** The event's own words worth a reader's eye: the kinds left unmatched, a decision or a reason. */
function aboutEvent(data: Record<string, unknown> | undefined): string {
  if (!data) return '';
  const kinds = z.array(z.string()).safeParse(data.kinds);
  if (kinds.success && kinds.data.length > 0) return ` (${kinds.data.join(', ')})`;
  for (const key of ['decision', 'outcome', 'reason'] as const) {
    const value = data[key];
    if (typeof value === 'string' && value.length > 0) return ` (${value.slice(0, 60)})`;
  }
  return '';
}

/** `<status>, last event <type> (<detail>)`; what the answer lacked when it is not a project's record. */
export function whereItStopped(detail: unknown): string {
  const parsed = projectDetailSchema.safeParse(detail);
  if (!parsed.success) return 'project not readable';
  const last = parsed.data.history.at(-1);
  return last
    ? `${parsed.data.status}, last event ${last.type}${aboutEvent(last.data)}`
    : `${parsed.data.status}, no event`;
}
