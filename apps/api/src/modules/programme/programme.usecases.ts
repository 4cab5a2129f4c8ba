import type { Executor } from '@ccmm/db';
import { certificateCycle, pendingCycle } from '@ccmm/engine';
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
 * The organization's audit programme: one cycle per certificate, oldest first, each with its
 * planned audits as of today (see certificateCycle in @ccmm/engine for the rules); then, per
 * standard it holds no certificate in force on, the cycle under way once stage 1 found it
 * ready (see pendingCycle).
 */
export async function programmeOf({ db, repositories, actor }: ProgrammeDeps, organizationId: string) {
  const organization = await visibleOrganization(repositories.organizations, actor, organizationId);
  const [certificates, audits, reviews] = await Promise.all([
    repositories.programme.certificates(organization.id),
    repositories.programme.audits(organization.id),
    repositories.stage1.list([organization.id]),
  ]);
  const today = clock.today();
  const auditsOn = (standard: string) =>
    audits.flatMap((a) => (a.standardRef === standard && a.kind !== 'self' ? [{ ...a, kind: a.kind }] : []));
  // Listed newest first; the engine reads them in the order recorded.
  const reviewsOn = (standard: string) => reviews.filter((r) => r.standard === standard).reverse();
  const certified = new Set(certificates.map((c) => c.assessmentId));
  const pending = [];
  for (const standard of new Set(reviews.map((r) => r.standard))) {
    if (await repositories.certificates.current(organization.id, standard, today)) continue;
    const stage2 = auditsOn(standard).filter((a) => a.kind === 'certification');
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
      ...certificates.map((certificate) => ({
        certificateNumber: certificate.number,
        standard: certificate.standardRef,
        level: certificate.level,
        issuedOn: certificate.issuedOn,
        expiresOn: certificate.expiresOn,
        audits: certificateCycle(
          certificate,
          auditsOn(certificate.standardRef),
          today,
          reviewsOn(certificate.standardRef),
        ),
      })),
      ...pending,
    ],
  };
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
  const certificates = await repositories.programme.inForce(today);
  const audits = await repositories.programme.auditsOf([
    ...new Set(certificates.map((c) => c.organizationId)),
  ]);
  const items = certificates.flatMap((certificate) => {
    const own = audits.filter(
      (a) => a.organizationId === certificate.organizationId && a.standardRef === certificate.standardRef,
    );
    const base = {
      organizationId: certificate.organizationId,
      organizationName: certificate.organizationName,
      certificateNumber: certificate.number,
    };
    const planned = certificateCycle(
      certificate,
      own.flatMap((a) => (a.kind === 'self' ? [] : [{ ...a, kind: a.kind }])),
      today,
    )
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
