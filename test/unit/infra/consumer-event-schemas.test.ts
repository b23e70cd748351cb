import { join } from 'node:path';
import { type EventType, eventTypes } from '@wuhan/domain';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { cdkBundlingOptions } from '../../../bench/bundling.js';
import { evaluationEvents } from '../../../services/evaluation/consumed-events.js';
import { matchingEvents } from '../../../services/matching/consumed-events.js';
import { subsidyEvents } from '../../../services/subsidy/consumed-events.js';
import { targetsEvents } from '../../../services/targets/consumed-events.js';
import { projectRoot } from './fixture-app.js';

/**
 * Issue 13: a queue consumer bundles the definitions (and so the data schemas) of the events it reads and the
 * events it writes, and no other. Bundled as deployed (bench/bundling.ts), except unminified so each definition
 * shows by its `defineEvent("<type>", …)` call; tree shaking is the same with or without minifying.
 *
 * A consumer that starts producing another type lists it in `produces` below; one that bundles a type it neither
 * reads nor writes names an event by string somewhere (`newEvent({ type })`, `projectEvent(caller, 'x')`,
 * `consumedEvents`, `eventConsumer` without a declaration, `parseEvent`), which brings the whole catalog back:
 * pass the definition instead (`newEventOf`, `projectEventOf`, `consumedEventsOf`, `declaredEventConsumer`).
 */
const consumers = [
  {
    name: 'evaluation',
    reads: evaluationEvents.types,
    produces: [
      'evaluation.assigned',
      'evaluation.waiting_for_experts',
      'project.qualified',
      'project.not_qualified',
      'project.needs_consensus',
      // moveProject: every move of the project's status.
      'project.status_changed',
      'project.screened_out',
      'event.rejected',
    ],
    // It reads the evaluation parameters only.
    otherParameterSets: ['matching', 'subsidy'],
  },
  {
    name: 'matching',
    reads: matchingEvents.types,
    produces: ['match.offered', 'match.expired', 'project.unmatched', 'event.rejected'],
    otherParameterSets: ['evaluation', 'subsidy'],
  },
  {
    name: 'subsidy',
    reads: subsidyEvents.types,
    produces: [
      'subsidy.computed',
      'subsidy.ineligible',
      'subsidy.cap_warning',
      'subsidy.cap_reached',
      'event.rejected',
    ],
    otherParameterSets: ['evaluation', 'matching'],
  },
  {
    name: 'targets',
    reads: targetsEvents.types,
    produces: ['event.rejected'],
    otherParameterSets: ['evaluation', 'matching', 'subsidy'],
  },
] as const satisfies readonly {
  name: string;
  reads: readonly EventType[];
  produces: readonly EventType[];
  otherParameterSets: readonly string[];
}[];

async function bundled(entry: string): Promise<{ code: string; inputs: string[] }> {
  const options = cdkBundlingOptions(projectRoot, join(projectRoot, entry), join(projectRoot, 'unused'));
  const result = await build({ ...options, minify: false, sourcemap: false, write: false });
  const code = result.outputFiles?.find((file) => file.path.endsWith('.mjs'))?.text ?? '';
  // The modules that put code into the bundle (the metafile's `inputs` also lists modules tree-shaken away).
  const written = Object.values(result.metafile?.outputs ?? {}).find((o) => o.entryPoint !== undefined);
  const inputs = Object.entries(written?.inputs ?? {}).filter(([, i]) => i.bytesInOutput > 0);
  return { code, inputs: inputs.map(([path]) => path) };
}

/** The event types whose definition a bundle carries. */
const definedTypes = (code: string) =>
  [...code.matchAll(/defineEvent\(\s*"([a-z_.]+)"/g)].map((match) => match[1]).sort();

describe('a consumer bundles only the event schemas it reads and writes', () => {
  it.each(consumers)('$name', async ({ name, reads, produces, otherParameterSets }) => {
    const { code, inputs } = await bundled(`services/${name}/handler.ts`);
    const expected = [...new Set<string>([...reads, ...produces])].sort();
    expect(definedTypes(code)).toEqual(expected);
    // The catalog and the parameter registry are what a by-name lookup brings along.
    expect(code).not.toMatch(/\bvar eventCatalog\b/);
    expect(code).not.toMatch(/\bvar parameterSets\b/);
    for (const set of otherParameterSets) {
      expect(inputs).not.toContain(`packages/domain/src/parameters/${set}.ts`);
    }
  });

  it('sees every definition in a bundle that reads the whole catalog (the check above can fail)', async () => {
    // Notification declares its types, but reads them through `eventConsumer`'s catalog lookup.
    const { code } = await bundled('services/notification/handler.ts');
    expect(definedTypes(code)).toEqual([...eventTypes].sort());
    expect(code).toMatch(/\bvar eventCatalog\b/);
  });
});
