import type { Executor } from '@ccmm/db';
import { clauseDisagreement, leniency } from '@ccmm/engine';
import type { StandardRegistry } from '../../plugins/context.ts';
import { namesOf, type TeamAudit, teamAudits } from './calibration.repository.ts';

/** Share of a rater's rates (C and F) equal to the reconciled team rating (null: none compared). */
function agreementWithTeam(audit: TeamAudit, raterId: string): number | null {
  const team = new Map(audit.team.map((r) => [r.clause, r]));
  let same = 0;
  let compared = 0;
  for (const r of audit.layers.find((l) => l.raterId === raterId)?.ratings ?? [])
    for (const rate of ['c', 'f'] as const) {
      const agreed = team.get(r.clause)?.[rate];
      if (r[rate] === null || agreed === null || agreed === undefined) continue;
      compared += 1;
      if (r[rate] === agreed) same += 1;
    }
  return compared === 0 ? null : same / compared;
}

/**
 * The certification body's calibration of its auditors across every team audit: each one's
 * leniency (mean own − team points), agreement with the team rating audit by audit, and the
 * clauses raters most often disagree on.
 */
export async function auditorCalibration(db: Executor, standards: StandardRegistry) {
  const audits = await teamAudits(db);
  const lean = leniency(audits);
  const names = await namesOf(
    db,
    lean.map((l) => l.raterId),
  );
  const auditors = lean
    .map((l) => {
      const mine = audits.filter((a) => a.layers.some((x) => x.raterId === l.raterId));
      return {
        auditorId: l.raterId,
        name: names.get(l.raterId) ?? '',
        audits: mine.length,
        compared: l.compared,
        leniency: { c: l.c, f: l.f },
        overTime: mine.map((a) => ({
          assessmentId: a.assessmentId,
          assessedOn: a.assessedOn,
          agreementWithTeam: agreementWithTeam(a, l.raterId),
        })),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  // A clause number means a clause of one edition: counted per standard, named by its summary.
  const byStandard = new Map<string, TeamAudit[]>();
  for (const audit of audits) {
    const ofStandard = byStandard.get(audit.standardRef);
    if (ofStandard) ofStandard.push(audit);
    else byStandard.set(audit.standardRef, [audit]);
  }
  const clauses = [...byStandard]
    .flatMap(([standardRef, ofStandard]) => {
      const summaries = new Map(
        (standards.find(standardRef)?.standard.clauses ?? []).map((c) => [c.number, c.summary]),
      );
      return clauseDisagreement(ofStandard)
        .filter((c) => c.disagreed > 0)
        .map((c) => ({
          standard: standardRef,
          ...c,
          summary: summaries.get(c.clause) ?? null,
          share: c.disagreed / c.audits,
        }));
    })
    .sort((a, b) => b.share - a.share || b.disagreed - a.disagreed || a.clause - b.clause);
  return { audits: audits.length, auditors, clauses };
}

/** The calibration as CSV rows: one per auditor (UTF-8, a header row). */
export function calibrationCsv(result: Awaited<ReturnType<typeof auditorCalibration>>): string {
  const cell = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const fixed = (v: number | null) => (v === null ? null : Number(v.toFixed(3)));
  const lines = [
    [
      'auditor_id',
      'name',
      'audits',
      'compared_c',
      'compared_f',
      'leniency_c',
      'leniency_f',
      'mean_agreement_with_team',
    ],
    ...result.auditors.map((a) => {
      const shares = a.overTime.map((o) => o.agreementWithTeam).filter((x): x is number => x !== null);
      const mean = shares.length === 0 ? null : shares.reduce((s, x) => s + x, 0) / shares.length;
      return [
        a.auditorId,
        a.name,
        a.audits,
        a.compared.c,
        a.compared.f,
        fixed(a.leniency.c),
        fixed(a.leniency.f),
        fixed(mean),
      ];
    }),
  ];
  return `\uFEFF${lines.map((l) => l.map(cell).join(',')).join('\r\n')}\r\n`;
}
