import { describe, expect, it } from 'vitest';
import { blocksDecision, FINDING_STATES, FINDING_VERDICTS, VERDICT_STEPS } from './findings.ts';

describe('blocksDecision', () => {
  it('holds a major back until verified, a minor until its plan is accepted, nothing else', () => {
    const blocking = (kind: 'major' | 'minor' | 'observation' | 'improvement') =>
      FINDING_STATES.filter((state) => blocksDecision({ kind, state }));
    expect(blocking('major')).toEqual(['open', 'plan_submitted', 'plan_accepted', 'correction_submitted']);
    expect(blocking('minor')).toEqual(['open', 'plan_submitted']);
    expect(blocking('observation')).toEqual([]);
    expect(blocking('improvement')).toEqual([]);
  });
});

describe('VERDICT_STEPS', () => {
  it('moves a reviewed plan or correction forward, or one step back', () => {
    const order = (s: string) => FINDING_STATES.indexOf(s as (typeof FINDING_STATES)[number]);
    for (const verdict of FINDING_VERDICTS) {
      const { from, to } = VERDICT_STEPS[verdict];
      expect(Math.abs(order(to) - order(from))).toBe(1);
    }
    expect(VERDICT_STEPS.verified.to).toBe('verified');
  });
});
