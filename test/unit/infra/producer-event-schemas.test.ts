import { join } from 'node:path';
import type { EventType } from '@wuhan/domain';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { cdkBundlingOptions } from '../../../bench/bundling.js';
import { projectRoot } from './fixture-app.js';

/**
 * Issue 13: an HTTP function that writes events bundles the definitions (and so the data schemas) of the events
 * it writes, and no other, and never the whole `eventCatalog` (the sibling consumer-event-schemas.test.ts does the
 * same for queue consumers, and shows the check sees all 43 definitions when the catalog is bundled). Bundled as
 * deployed (bench/bundling.ts), except unminified so each definition shows by its `defineEvent("<type>", …)` call.
 *
 * A function that starts writing another type lists it below. One that bundles a type it does not write names an
 * event by string somewhere (`newEvent({ type })`, `projectEvent(caller, 'x', …)`), which brings every schema
 * back: pass the definition instead (`newEventOf(profileCreatedEvent, …)`, `projectEventOf(caller, …)`).
 */
const producers = [
  {
    name: 'intake',
    produces: [
      'project.nominated',
      'project.recommended',
      'project.assigned',
      'project.milestone_recorded',
      // moveProject (transition.ts): every move of the project's status.
      'project.status_changed',
      'project.screened_out',
    ],
  },
  { name: 'keys', produces: ['apikey.issued', 'apikey.revoked', 'apikey.rotated'] },
  {
    name: 'profiles',
    // A new profile's first key is issued in the same transaction.
    produces: ['profile.created', 'profile.updated', 'profile.deactivated', 'apikey.issued'],
  },
  { name: 'parameters', produces: ['parameters.published'] },
] as const satisfies readonly { name: string; produces: readonly EventType[] }[];

async function bundledCode(entry: string): Promise<string> {
  const options = cdkBundlingOptions(projectRoot, join(projectRoot, entry), join(projectRoot, 'unused'));
  const result = await build({ ...options, minify: false, sourcemap: false, write: false });
  return result.outputFiles?.find((file) => file.path.endsWith('.mjs'))?.text ?? '';
}

/** The event types whose definition a bundle carries. */
const definedTypes = (code: string) =>
  [...code.matchAll(/defineEvent\(\s*"([a-z_.]+)"/g)].map((match) => match[1]).sort();

describe('a producer bundles only the event schemas it writes', () => {
  it.each(producers)('$name', async ({ name, produces }) => {
    const code = await bundledCode(`services/${name}/handler.ts`);
    expect(definedTypes(code)).toEqual([...produces].sort());
    expect(code).not.toMatch(/\bvar eventCatalog\b/);
  });
});
