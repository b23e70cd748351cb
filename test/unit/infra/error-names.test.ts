import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { bundledOutput } from './bundled-modules.js';
import { projectRoot } from './fixture-app.js';

/**
 * Error names survive minification. The deployed bundles are minified, which renames classes, so a name taken
 * from the class (`new.target.name`, `constructor.name`) reads "t" in production: in the reasons consumers record
 * for rejected events (`${error.name}: …`, which staff are emailed) and in logs. Every error class of ours names
 * itself in a literal instead.
 */
const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (entry === 'node_modules' || entry.startsWith('.')) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });

describe('error names in deployed bundles', () => {
  it('every error class in packages/ and services/ names itself with its own name, in a literal', () => {
    const unnamed: string[] = [];
    for (const file of [
      ...sourceFiles(join(projectRoot, 'packages')),
      ...sourceFiles(join(projectRoot, 'services')),
    ]) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/class (\w+Error) extends \w+ \{\n(?<body>(?:.*\n){0,3})/g)) {
        const [, name] = match;
        const abstract = text.slice(Math.max(0, (match.index ?? 0) - 9), match.index).includes('abstract');
        if (!abstract && !match.groups?.body?.includes(`name = '${name}'`)) {
          unnamed.push(`${relative(projectRoot, file)}: ${name}`);
        }
      }
    }
    expect(unnamed).toEqual([]);
  });

  it('a minified bundle reports the domain errors by their names', async () => {
    const bundle = await bundledOutput('error-names', 'test/unit/infra/fixtures/error-names.ts');
    const { stdout } = await promisify(execFile)(join(projectRoot, 'node_modules/.bin/node'), [bundle]);
    expect(JSON.parse(stdout)).toEqual([
      'NotFoundError',
      'ConflictError',
      'ConcurrentUpdateError',
      'ForbiddenError',
      'InvalidTransitionError',
      'InvalidInputError',
      'UnprocessableError',
    ]);
  }, 60_000);
});
