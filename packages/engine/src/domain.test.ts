import { describe, expect, it } from 'vitest';
import {
  ASSESSMENT_KINDS,
  ASSESSMENT_STATUSES,
  type AssessmentKind,
  certificateStatusChanges,
  isOpenForRatings,
  isSealedFrom,
  mayRate,
  ROLES,
  type Role,
  suggestsChanges,
} from './domain.ts';

const OWN = 'org-1';
const OTHER = 'org-2';

/** Who rates, for every role, kind and whether the rater is an assigned auditor or of the assessed center. */
const table: readonly [Role, AssessmentKind, 'assigned' | 'own' | 'other', boolean][] = [
  ['auditor', 'certification', 'assigned', true],
  ['auditor', 'surveillance', 'assigned', true],
  ['auditor', 'self', 'assigned', true],
  ['auditor', 'certification', 'other', false],
  ['center_admin', 'self', 'own', true],
  ['center_member', 'self', 'own', true],
  ['center_admin', 'self', 'other', false],
  ['center_member', 'self', 'other', false],
  ['center_admin', 'certification', 'own', false],
  ['center_member', 'surveillance', 'own', false],
  ['cb_admin', 'self', 'assigned', false],
  ['cb_admin', 'certification', 'assigned', false],
  ['cb_reviewer', 'certification', 'assigned', false],
  ['consultant', 'self', 'own', false],
  ['consultant', 'certification', 'assigned', false],
];

describe('who may rate', () => {
  it.each(table)('a %s rating a %s assessment (%s) may rate: %s', (role, kind, relation, expected) => {
    const rater = { role, organizationId: role.startsWith('center') || relation === 'own' ? OWN : null };
    const assessment = { kind, organizationId: relation === 'other' ? OTHER : OWN };
    expect(mayRate(rater, assessment, relation === 'assigned')).toBe(expected);
  });

  it('lets a center user rate only the self-assessments of their own organization', () => {
    const member = { role: 'center_member' as const, organizationId: OWN };
    expect(mayRate(member, { kind: 'self', organizationId: OTHER }, false)).toBe(false);
    expect(mayRate({ ...member, organizationId: null }, { kind: 'self', organizationId: OWN }, false)).toBe(
      false,
    );
  });

  it('never lets the certification body or a consultant rate, whatever the assessment', () => {
    for (const role of ['cb_admin', 'cb_reviewer', 'consultant'] as const)
      for (const kind of ASSESSMENT_KINDS)
        for (const assigned of [true, false])
          expect(mayRate({ role, organizationId: OWN }, { kind, organizationId: OWN }, assigned)).toBe(false);
  });

  it('has a row for every role', () => {
    expect(new Set(table.map(([role]) => role))).toEqual(new Set(ROLES));
  });
});

describe('an assessment open for ratings', () => {
  it('is open as a draft, in progress and once returned, and closed from submission on', () => {
    expect(ASSESSMENT_STATUSES.filter(isOpenForRatings)).toEqual(['draft', 'in_progress', 'returned']);
  });
});

describe('certificateStatusChanges', () => {
  it('offers only the changes that apply to the status as it stands', () => {
    expect(certificateStatusChanges('active')).toEqual(['suspended', 'withdrawn']);
    expect(certificateStatusChanges('suspended')).toEqual(['active', 'withdrawn']);
    expect(certificateStatusChanges('expired')).toEqual(['withdrawn']);
    expect(certificateStatusChanges('withdrawn')).toEqual([]);
    expect(certificateStatusChanges('superseded')).toEqual([]);
  });
});

describe('an audit in progress is sealed from the audited center', () => {
  const cases: readonly [Role, AssessmentKind, (typeof ASSESSMENT_STATUSES)[number], boolean][] = [
    ['center_admin', 'certification', 'in_progress', true],
    ['center_member', 'surveillance', 'draft', true],
    ['center_admin', 'certification', 'returned', true],
    ['consultant', 'certification', 'in_progress', true],
    ['center_admin', 'certification', 'submitted', false],
    ['center_member', 'surveillance', 'decided', false],
    ['center_admin', 'self', 'in_progress', false],
    ['auditor', 'certification', 'in_progress', false],
    ['cb_reviewer', 'certification', 'in_progress', false],
    ['cb_admin', 'surveillance', 'draft', false],
  ];
  for (const [role, kind, status, sealed] of cases) {
    it(`a ${role} ${sealed ? 'does not see' : 'sees'} a ${status} ${kind} assessment`, () => {
      expect(isSealedFrom({ role }, { kind, status })).toBe(sealed);
    });
  }
});

describe('only an auditor reading an audit goes without suggested changes', () => {
  it('strips them for an auditor on certification and surveillance audits only', () => {
    for (const role of ROLES)
      for (const kind of ASSESSMENT_KINDS)
        expect(suggestsChanges({ role }, { kind }), `${role} ${kind}`).toBe(
          !(role === 'auditor' && kind !== 'self'),
        );
  });
});
