import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { repositoryRoot } from '@wuhan/local-stack';
import { topology } from '@wuhan/topology';
import { describe, expect, it } from 'vitest';

/**
 * The bench's cold-start section bundles every function of the topology whose entry exists (bench/run.ts) and
 * reports the others as `coldStart.missing`. Every entry existing means every function, present and future
 * (evaluation, matching, subsidy…), is measured without touching the bench (issue 13, point 2).
 */
describe('bench cold-start coverage', () => {
  it('finds the entry of every topology function, so none is left out of the cold-start section', () => {
    const missing = topology.functions
      .filter((f) => !existsSync(resolve(repositoryRoot, f.entry)))
      .map((f) => f.name);
    expect(missing).toEqual([]);
    expect(topology.functions.map((f) => f.name)).toEqual(
      expect.arrayContaining(['evaluation', 'evaluation-api', 'matching', 'matching-api']),
    );
  });
});
