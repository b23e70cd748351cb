import { describe, expect, it } from 'vitest';
import { routing } from './routing.js';
import { digestTemplates } from './templates/digest-templates.js';
import { templates } from './templates/index.js';

describe('the templates the daily digest lists', () => {
  it('are exactly those of the digestible deliveries, so no digest entry lacks its subject line', () => {
    const digestible = new Set(
      Object.values(routing).flatMap((deliveries) =>
        deliveries.flatMap((d) => ('digestible' in d && d.digestible ? [d.template] : [])),
      ),
    );
    expect(Object.keys(digestTemplates).sort()).toEqual([...digestible].sort());
  });

  it('are the registry’s own templates, so a digest line reads as the email would have', () => {
    for (const [id, template] of Object.entries(digestTemplates))
      expect(template, id).toBe(templates[id as keyof typeof templates]);
  });
});
