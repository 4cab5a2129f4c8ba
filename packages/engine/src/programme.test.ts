import { describe, expect, it } from 'vitest';
import { certificateCycle, certificateTerms, currentTerm, type ProgrammeAssessment } from './programme.ts';

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
