import { describe, expect, it } from 'vitest';
import {
  certificateCycle,
  certificateTerms,
  currentTerm,
  type ProgrammeAssessment,
  pendingCycle,
  STAGE1_VALID_MONTHS,
  type Stage1Review,
  stage1For,
} from './programme.ts';

const certificate = {
  number: 'CCMM-OC-2024-0001',
  assessmentId: 'a0',
  level: 3,
  issuedOn: '2024-03-15',
  expiresOn: '2027-03-14',
  surveillanceDue: ['2025-03-15', '2026-03-15'],
};
const audit = (
  id: string,
  kind: ProgrammeAssessment['kind'],
  assessedOn: string,
  status: ProgrammeAssessment['status'],
): ProgrammeAssessment => ({ id, kind, assessedOn, status });

describe('certificateCycle', () => {
  it('plans the stage 2 done, two surveillance audits and a recertification, with their windows', () => {
    const cycle = certificateCycle(
      certificate,
      [audit('a0', 'certification', '2024-02-01', 'decided')],
      '2024-06-01',
    );
    expect(cycle).toEqual([
      { kind: 'stage2', dueFrom: '2024-02-01', dueBy: '2024-03-15', status: 'done', assessmentId: 'a0' },
      {
        kind: 'surveillance',
        dueFrom: '2024-12-15',
        dueBy: '2025-03-15',
        status: 'planned',
        assessmentId: null,
      },
      {
        kind: 'surveillance',
        dueFrom: '2025-12-15',
        dueBy: '2026-03-15',
        status: 'planned',
        assessmentId: null,
      },
      {
        kind: 'recertification',
        dueFrom: '2026-09-14',
        dueBy: '2027-03-14',
        status: 'planned',
        assessmentId: null,
      },
    ]);
  });

  it('fills surveillance slots in date order and marks a passed due date without an audit overdue', () => {
    const cycle = certificateCycle(
      certificate,
      [
        audit('s1', 'surveillance', '2025-02-20', 'decided'),
        audit('s2', 'surveillance', '2026-04-01', 'draft'),
      ],
      '2026-03-20',
    );
    expect(cycle.map((a) => [a.kind, a.status, a.assessmentId])).toEqual([
      ['stage2', 'done', 'a0'],
      ['surveillance', 'done', 's1'],
      ['surveillance', 'scheduled', 's2'],
      ['recertification', 'planned', null],
    ]);
    expect(
      certificateCycle(certificate, [audit('s1', 'surveillance', '2025-02-20', 'decided')], '2026-03-16')[2],
    ).toMatchObject({
      status: 'overdue',
      assessmentId: null,
    });
  });

  it('takes the first certification audit after the issue as the recertification; later surveillance is the next cycle’s', () => {
    const cycle = certificateCycle(
      certificate,
      [
        audit('r1', 'certification', '2026-12-01', 'in_review'),
        audit('s9', 'surveillance', '2027-01-10', 'draft'),
      ],
      '2026-12-05',
    );
    expect(cycle.at(-1)).toMatchObject({
      kind: 'recertification',
      status: 'in_progress',
      assessmentId: 'r1',
    });
    expect(cycle.filter((a) => a.assessmentId === 's9')).toEqual([]);
  });
});

describe('certificateTerms', () => {
  const renewal = {
    assessmentId: 'r1',
    renewedOn: '2027-02-01',
    level: 2,
    expiresOn: '2030-02-01',
    surveillanceDue: ['2028-02-01', '2029-02-01'],
  };

  it('is the issued term alone without renewals', () => {
    expect(certificateTerms(certificate, [])).toEqual([certificate]);
    expect(currentTerm(certificate, [])).toEqual(certificate);
  });

  it('opens one term per renewal under the same number, the latest in force', () => {
    const terms = certificateTerms(certificate, [renewal]);
    expect(
      terms.map((t) => [t.number, t.assessmentId, t.level, t.issuedOn, t.expiresOn, t.renewedBy]),
    ).toEqual([
      ['CCMM-OC-2024-0001', 'a0', 3, '2024-03-15', '2027-03-14', 'r1'],
      ['CCMM-OC-2024-0001', 'r1', 2, '2027-02-01', '2030-02-01', undefined],
    ]);
    expect(currentTerm(certificate, [renewal]).surveillanceDue).toEqual(['2028-02-01', '2029-02-01']);
  });

  it('makes the recertification audit of a term the stage 2 of the next', () => {
    const audits = [
      audit('a0', 'certification', '2024-02-01', 'decided'),
      audit('s1', 'surveillance', '2025-03-01', 'decided'),
      audit('s2', 'surveillance', '2026-03-01', 'decided'),
      // A refused attempt before the recertification that renewed the certificate.
      audit('x1', 'certification', '2026-10-01', 'refused'),
      audit('r1', 'certification', '2027-01-10', 'decided'),
      audit('s3', 'surveillance', '2028-01-15', 'decided'),
    ];
    const [first, second] = certificateTerms(certificate, [renewal]).map((t) =>
      certificateCycle(t, audits, '2028-06-01'),
    );
    expect(first?.map((a) => [a.kind, a.status, a.assessmentId])).toEqual([
      ['stage2', 'done', 'a0'],
      ['surveillance', 'done', 's1'],
      ['surveillance', 'done', 's2'],
      ['recertification', 'done', 'r1'],
    ]);
    expect(second?.map((a) => [a.kind, a.dueBy, a.status, a.assessmentId])).toEqual([
      ['stage2', '2027-02-01', 'done', 'r1'],
      ['surveillance', '2028-02-01', 'done', 's3'],
      ['surveillance', '2029-02-01', 'planned', null],
      ['recertification', '2030-02-01', 'planned', null],
    ]);
  });
});

describe('stage 1', () => {
  const review = (id: string, reviewedOn: string, result: Stage1Review['result']): Stage1Review => ({
    id,
    reviewedOn,
    result,
  });

  it('readies a stage 2 within 6 months of a review that found the center ready', () => {
    const ready = review('r1', '2024-01-10', 'ready');
    expect(stage1For([ready], '2024-07-10')).toEqual({ gap: null, review: ready });
    expect(stage1For([ready], '2024-07-11')).toEqual({ gap: 'expired', review: ready });
    expect(stage1For([ready], '2024-01-09')).toEqual({ gap: 'missing' });
    expect(stage1For([], '2024-01-09')).toEqual({ gap: 'missing' });
    expect(STAGE1_VALID_MONTHS).toBe(6);
  });

  it('goes by the latest review: a later "not ready" overrides, a later "ready" follows a "not ready"', () => {
    const ready = review('r1', '2024-01-10', 'ready');
    const notReady = review('r2', '2024-02-01', 'not_ready');
    expect(stage1For([ready, notReady], '2024-03-01')).toEqual({ gap: 'not_ready', review: notReady });
    const again = review('r3', '2024-04-01', 'ready');
    expect(stage1For([again, ready, notReady], '2024-05-01')).toEqual({ gap: null, review: again });
    // Of two on one day, the later recorded.
    const sameDay = review('r4', '2024-04-01', 'not_ready');
    expect(stage1For([again, sameDay], '2024-05-01').gap).toBe('not_ready');
    // A review after the audit date does not count for it.
    expect(stage1For([ready, notReady], '2024-01-20')).toEqual({ gap: null, review: ready });
  });

  it('opens the cycle of an initial certification with stage 1 done on the review’s day', () => {
    const cycle = certificateCycle(
      certificate,
      [audit('a0', 'certification', '2024-02-01', 'decided')],
      '2024-06-01',
      [review('r0', '2023-10-01', 'not_ready'), review('r1', '2023-12-01', 'ready')],
    );
    expect(cycle.slice(0, 2)).toEqual([
      { kind: 'stage1', dueFrom: '2023-12-01', dueBy: '2023-12-01', status: 'done', assessmentId: null },
      { kind: 'stage2', dueFrom: '2024-02-01', dueBy: '2024-03-15', status: 'done', assessmentId: 'a0' },
    ]);
  });

  it('shows no stage 1 for a stage 2 that stood on none (a recertification)', () => {
    const cycle = certificateCycle(
      certificate,
      [audit('a0', 'certification', '2024-02-01', 'decided')],
      '2024-06-01',
      [review('r1', '2023-01-01', 'ready')],
    );
    expect(cycle[0]?.kind).toBe('stage2');
  });

  it('plans the pending stage 2 within 6 months of a ready stage 1, until a certificate comes of it', () => {
    const reviews = [review('r1', '2024-01-10', 'ready')];
    expect(pendingCycle(reviews, [], new Set(), '2024-03-01')).toEqual([
      { kind: 'stage1', dueFrom: '2024-01-10', dueBy: '2024-01-10', status: 'done', assessmentId: null },
      { kind: 'stage2', dueFrom: '2024-01-10', dueBy: '2024-07-10', status: 'planned', assessmentId: null },
    ]);
    expect(pendingCycle(reviews, [], new Set(), '2024-07-11')?.[1]?.status).toBe('overdue');
    const stage2 = { id: 'a1', assessedOn: '2024-03-01', status: 'draft' as const };
    expect(pendingCycle(reviews, [stage2], new Set(), '2024-03-01')?.[1]).toMatchObject({
      status: 'scheduled',
      assessmentId: 'a1',
    });
    expect(pendingCycle(reviews, [stage2], new Set(['a1']), '2024-05-01')).toBeUndefined();
    expect(
      pendingCycle([review('r2', '2024-01-10', 'not_ready')], [], new Set(), '2024-03-01'),
    ).toBeUndefined();
    expect(pendingCycle([], [], new Set(), '2024-03-01')).toBeUndefined();
  });
});
