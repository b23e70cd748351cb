import { describe, expect, it } from 'vitest';
import { chooseCommissioner } from './commissioner-choice.js';

describe('commissioner choice (§二(二))', () => {
  it('picks the commissioner with the fewest open projects', () => {
    const chosen = chooseCommissioner([
      { id: 'com_b', openProjects: 3 },
      { id: 'com_a', openProjects: 5 },
      { id: 'com_c', openProjects: 1 },
    ]);
    expect(chosen?.id).toBe('com_c');
  });

  it('breaks ties by id, whatever the order read', () => {
    const loads = [
      { id: 'com_z', openProjects: 2 },
      { id: 'com_m', openProjects: 2 },
      { id: 'com_q', openProjects: 4 },
    ];
    expect(chooseCommissioner(loads)?.id).toBe('com_m');
    expect(chooseCommissioner([...loads].reverse())?.id).toBe('com_m');
  });

  it('has no one to pick in a district without commissioners', () => {
    expect(chooseCommissioner([])).toBeUndefined();
  });
});
