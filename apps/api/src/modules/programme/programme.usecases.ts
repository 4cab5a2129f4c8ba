import type { Executor } from '@ccmm/db';
import {
  certificateCycle,
  certificateTerms,
  currentTerm,
  type ProgrammeAssessment,
  pendingCycle,
} from '@ccmm/engine';
import type { Actor } from '../../actor.ts';
import { addDays, clock } from '../../clock.ts';
import { recordGrantViews } from '../../grant-views.ts';
import type { Repositories } from '../../plugins/repositories.ts';
import { visibleOrganization } from '../organizations/organization-access.ts';

export interface ProgrammeDeps {
  readonly db: Executor;
  readonly repositories: Pick<Repositories, 'organizations' | 'programme' | 'stage1' | 'certificates'>;
  readonly actor: Actor;
}

/**
 * The organization's audit programme: one cycle per term of each certificate (as issued, then
 * each renewal under the same number), oldest first, each with its planned audits as of today
 * (see certificateCycle in @ccmm/engine for the rules); then, per standard it holds no
 * certificate in force on, the cycle under way once stage 1 found it ready (see pendingCycle).
 */
export async function programmeOf({ db, repositories, actor }: ProgrammeDeps, organizationId: string) {
  const organization = await visibleOrganization(repositories.organizations, actor, organizationId);
  const [certificates, audits, reviews] = await Promise.all([
    repositories.programme.certificates(organization.id),
    repositories.programme.audits(organization.id),
    repositories.stage1.list([organization.id]),
  ]);
  const renewals = await repositories.programme.renewalsOf(certificates.map((c) => c.number));
  const today = clock.today();
  // Listed newest first; the engine reads them in the order recorded.
  const reviewsOn = (standard: string) => reviews.filter((r) => r.standard === standard).reverse();
  const certified = new Set(certificates.map((c) => c.assessmentId));
  const pending = [];
  for (const standard of new Set(reviews.map((r) => r.standard))) {
    if (await repositories.certificates.current(organization.id, standard, today)) continue;
    const stage2 = auditsOn(audits, standard).filter((a) => a.kind === 'certification');
    const planned = pendingCycle(reviewsOn(standard), stage2, certified, today);
    if (planned)
      pending.push({
        certificateNumber: null,
        standard,
        level: null,
        issuedOn: null,
        expiresOn: null,
        audits: planned,
      });
  }
  await recordGrantViews(db, actor, [organization.id], 'programme.read');
  return {
    organizationId: organization.id,
    cycles: [
      ...certificates.flatMap((certificate) =>
        certificateTerms(certificate, renewals.get(certificate.number) ?? []).map((term, i) => ({
          certificateNumber: certificate.number,
          standard: certificate.standardRef,
          level: term.level,
          issuedOn: term.issuedOn,
          expiresOn: term.expiresOn,
          // Stage 1 belongs to the first term only (an initial certification).
          audits: certificateCycle(
            term,
            auditsOn(audits, certificate.standardRef),
            today,
            i === 0 ? reviewsOn(certificate.standardRef) : [],
          ),
        })),
      ),
      ...pending,
    ],
  };
}

/** The audits (certification and surveillance) of an organization on one standard. */
function auditsOn(
  audits: readonly (Omit<ProgrammeAssessment, 'kind'> & { kind: string; standardRef: string })[],
  standardRef: string,
): ProgrammeAssessment[] {
  return audits.flatMap((a) =>
    a.standardRef === standardRef && (a.kind === 'certification' || a.kind === 'surveillance')
      ? [{ ...a, kind: a.kind }]
      : [],
  );
}

/** How far ahead the body's attention list looks for audits falling due, in days. */
export const ATTENTION_HORIZON_DAYS = 90;

/**
 * What the certification body must act on, soonest first: surveillance and recertification
 * audits overdue or falling due within ATTENTION_HORIZON_DAYS without an audit started, and
 * suspensions with their deadline (past it the job withdraws the certificate).
 */
export async function attentionList(repositories: Pick<Repositories, 'programme'>) {
  const today = clock.today();
  const horizon = addDays(today, ATTENTION_HORIZON_DAYS);
  const standing = await repositories.programme.standing();
  const renewals = await repositories.programme.renewalsOf(standing.map((c) => c.number));
  // In force: not past the expiry of its current term (the latest renewal's, else as issued).
  const certificates = standing.flatMap((certificate) => {
    const term = currentTerm(certificate, renewals.get(certificate.number) ?? []);
    return term.expiresOn >= today ? [{ ...certificate, term }] : [];
  });
  const audits = await repositories.programme.auditsOf([
    ...new Set(certificates.map((c) => c.organizationId)),
  ]);
  const items = certificates.flatMap((certificate) => {
    const own = audits.filter((a) => a.organizationId === certificate.organizationId);
    const base = {
      organizationId: certificate.organizationId,
      organizationName: certificate.organizationName,
      certificateNumber: certificate.number,
    };
    const planned = certificateCycle(certificate.term, auditsOn(own, certificate.standardRef), today)
      .filter(
        (a) =>
          (a.status === 'overdue' || a.status === 'planned') && a.kind !== 'stage2' && a.dueBy <= horizon,
      )
      .map(
        (a) =>
          ({
            ...base,
            reason: a.status === 'overdue' ? 'overdue' : 'due',
            audit: a.kind,
            date: a.dueBy,
          }) as const,
      );
    const suspension =
      certificate.status === 'suspended' && certificate.until
        ? [{ ...base, reason: 'suspension_ends', audit: null, date: certificate.until } as const]
        : [];
    return [...planned, ...suspension];
  });
  return items.sort(
    (x, y) => x.date.localeCompare(y.date) || x.certificateNumber.localeCompare(y.certificateNumber),
  );
}
