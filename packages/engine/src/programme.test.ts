import { describe, expect, it } from 'vitest';
import { certificateCycle, type ProgrammeAssessment } from './programme.ts';

const certificate = {
  number: 'CCMM-OC-2024-0001',
  assessmentId: 'a0',
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
