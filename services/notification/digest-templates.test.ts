import type { Locale } from '@wuhan/domain';
import { describe, expect, it } from 'vitest';
import { viewFor } from './compose.js';
import { type RoutedEventType, routing } from './routing.js';
import { sampleEvents, sampleProject } from './samples.js';
import { digestSubjects, type MailSubject } from './templates/digest-templates.js';
import { templates } from './templates/index.js';

/** Every digestible delivery: the event type it is for and its template. */
const digestible = (Object.keys(routing) as RoutedEventType[]).flatMap((type) =>
  routing[type].flatMap((d) => ('digestible' in d && d.digestible ? [{ type, template: d.template }] : [])),
);
const locales: Locale[] = ['zh-CN', 'en'];
const subjects: Readonly<Partial<Record<string, MailSubject>>> = digestSubjects;

describe('the subjects the daily digest lists', () => {
  it('are exactly those of the digestible deliveries, so no digest entry lacks its subject line', () => {
    expect(Object.keys(digestSubjects).sort()).toEqual(
      [...new Set(digestible.map((d) => d.template))].sort(),
    );
  });

  it('are their emails’ subjects, byte for byte, so a digest line reads as the email would have', () => {
    const cases = digestible.flatMap(({ type, template }) =>
      locales.flatMap((locale) =>
        // With the project's facts, and without (the subject then names the project by its id or as untitled).
        [sampleProject, { id: sampleProject.id }, undefined].map((project) => ({
          type,
          template,
          locale,
          project,
        })),
      ),
    );
    expect(cases.length).toBe(5 * 2 * 3);
    for (const { type, template, locale, project } of cases) {
      const view = viewFor(sampleEvents[type], project, { name: 'A', locale }, 'https://api.example');
      const subject = subjects[template]?.[locale](view);
      expect(subject, `${template} ${locale}`).toBe(templates[template][locale](view).subject);
    }
  });
});
