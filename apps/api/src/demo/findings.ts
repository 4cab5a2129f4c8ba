import { type Executor, type FindingEvent, type FindingKind, type FindingState, schema } from '@ccmm/db';
import { FINDING_STATES, FINDING_SUGGESTED_DOMAINS, type Standard } from '@ccmm/engine';
import { and, asc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import type { Random } from './random.ts';

// The demo's findings: the audits' auditors write up some of the clauses rated 0 in domains
// 1.0–4.0 (as the product suggests; where none, some rated 5), and the centers answer them. A decided audit's findings are
// closed as the decision rule needs (majors verified, minors with an accepted plan); an audit
// still in review has them in every state, some past their due date.

/** An audit as the findings step reads it back: its date, decision day and center admin. */
interface FindingAudit {
  readonly id: string;
  readonly assessedOn: string;
  readonly decidedOn: string | null;
  /** Decided (certified, or acted on a certificate), not refused or still open. */
  readonly positive: boolean;
  readonly organizationId: string;
  readonly adminId: string;
}

/** Every audit past draft with its decision day (the latest decision) and its center admin. */
async function auditsToWriteUp(tx: Executor): Promise<FindingAudit[]> {
  const { assessments, decisions, users } = schema;
  const decided = new Map(
    (
      await tx
        .select({ id: decisions.assessmentId, on: sql<string>`max(${decisions.decidedOn})::text` })
        .from(decisions)
        .groupBy(decisions.assessmentId)
    ).map((d) => [d.id, d.on]),
  );
  const admins = new Map(
    (
      await tx
        .select({ organizationId: users.organizationId, id: users.id })
        .from(users)
        .where(eq(users.role, 'center_admin'))
    ).map((u) => [u.organizationId, u.id]),
  );
  const rows = await tx
    .select({
      id: assessments.id,
      assessedOn: assessments.assessedOn,
      status: assessments.status,
      organizationId: assessments.organizationId,
    })
    .from(assessments)
    .where(and(ne(assessments.kind, 'self'), ne(assessments.status, 'draft')))
    .orderBy(asc(assessments.assessedOn), asc(assessments.id));
  return rows.flatMap((a) => {
    const adminId = admins.get(a.organizationId);
    return adminId
      ? [{ ...a, decidedOn: decided.get(a.id) ?? null, positive: a.status === 'decided', adminId }]
      : [];
  });
}

type FindingRow = typeof schema.findings.$inferInsert;
type EventRow = typeof schema.findingEvents.$inferInsert;

const dayAfter = (date: string, days: number) => {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
};
/** The earliest of ISO dates (they sort as text). */
const earliest = (...dates: string[]) => [...dates].sort()[0] ?? '';
const moment = (date: string, minutes: number) =>
  new Date(new Date(`${date}T09:00:00+08:00`).getTime() + minutes * 60_000);

/** The steps that lead to each state, with how many days after the audit each happens. */
const PATH: readonly (readonly [FindingEvent, number])[] = [
  ['recorded', 0],
  ['plan_submitted', 6],
  ['plan_accepted', 9],
  ['correction_submitted', 20],
  ['verified', 24],
];

const STATEMENTS = [
  '要求：{clause}\n看到的证据：现场访谈中仅有口头说明。\n缺少：书面方法及其批准、发布记录。',
  '要求：{clause}\n看到的证据：抽查近三个月记录，部分月份缺失。\n缺少：持续执行的证据。',
  '要求：{clause}\n看到的证据：制度文件已发布，但未见执行情况的检查。\n缺少：执行与检查记录。',
];

export async function loadFindings(
  tx: Executor,
  standard: Standard,
  traditional: ReadonlySet<string>,
  today: string,
  random: Random,
  ids: Random,
  toTraditional: (text: string) => string,
): Promise<{ findings: number; events: number }> {
  const inDomains = new Set(
    standard.clauses
      // A clause's domain is its section's first number ("2.1.3" → "2.0").
      .filter((c) => FINDING_SUGGESTED_DOMAINS.includes(`${c.section.split('.')[0]}.0`))
      .map((c) => c.number),
  );
  const summary = new Map(standard.clauses.map((c) => [c.number, c.summary['zh-Hans']]));
  const audits = await auditsToWriteUp(tx);
  // The first auditor assigned leads the audit.
  const leads = new Map<string, string>();
  for (const row of await tx
    .select()
    .from(schema.assessmentAuditors)
    .orderBy(asc(schema.assessmentAuditors.assignedAt))) {
    if (!leads.has(row.assessmentId)) leads.set(row.assessmentId, row.userId);
  }
  // The clauses rated low, per audit.
  const low = new Map<string, { clause: number; c: number | null; f: number | null }[]>();
  for (const row of await tx
    .select({
      assessmentId: schema.ratings.assessmentId,
      clause: schema.ratings.clause,
      c: schema.ratings.c,
      f: schema.ratings.f,
    })
    .from(schema.ratings)
    .innerJoin(schema.assessments, eq(schema.assessments.id, schema.ratings.assessmentId))
    .where(
      and(
        ne(schema.assessments.kind, 'self'),
        or(inArray(schema.ratings.c, [0, 5]), inArray(schema.ratings.f, [0, 5])),
      ),
    )
    .orderBy(asc(schema.ratings.assessmentId), asc(schema.ratings.clause))) {
    const list = low.get(row.assessmentId) ?? [];
    list.push(row);
    low.set(row.assessmentId, list);
  }
  const findings: FindingRow[] = [];
  // The audits not (positively) decided take the states in turn, so every one is shown.
  let turn = 0;
  const events: EventRow[] = [];
  for (const audit of audits) {
    const lead = leads.get(audit.id);
    // The clauses rated 0 first; where none, those only partly met (a 5).
    const below = (value: number) =>
      (low.get(audit.id) ?? []).filter((r) => inDomains.has(r.clause) && (r.c === value || r.f === value));
    const zeros = below(0).length > 0 ? below(0) : below(5);
    if (!lead || zeros.length === 0) continue;
    const r = random.fork(audit.id);
    const written = (audit.positive ? zeros.filter(() => r.chance(0.5)) : zeros).slice(0, 3);
    // The day nothing may come after: the decision, or today.
    const end = audit.decidedOn ? dayAfter(audit.decidedOn, -1) : today;
    written.forEach((rating, i) => {
      const kind: FindingKind =
        i === 0 && r.chance(0.35) ? 'major' : r.chance(0.85) ? 'minor' : 'observation';
      const state: FindingState =
        kind === 'observation'
          ? 'open'
          : audit.positive
            ? kind === 'major'
              ? 'verified'
              : r.pick(['plan_accepted', 'correction_submitted', 'verified'] as const)
            : (FINDING_STATES[turn++ % FINDING_STATES.length] ?? 'open');
      const id = ids.uuid();
      const text = (STATEMENTS[i % STATEMENTS.length] ?? '').replace(
        '{clause}',
        summary.get(rating.clause) ?? '',
      );
      const planned = FINDING_STATES.indexOf(state) >= 1;
      const dueOn = dayAfter(audit.assessedOn, r.int(20, 75));
      const said = (t: string) => (traditional.has(audit.organizationId) ? toTraditional(t) : t);
      findings.push({
        id,
        assessmentId: audit.id,
        number: i + 1,
        kind,
        clauses: [rating.clause],
        statement: said(text),
        state,
        ...(planned
          ? {
              correction: said('补充制定书面方法并经负责人批准发布'),
              rootCause: said('职责未落实到岗位，缺少定期检查'),
              action: said('明确岗位职责，每季度检查执行情况并记录'),
              owner: said('运营经理'),
              dueOn,
            }
          : {}),
        ...(FINDING_STATES.indexOf(state) >= 3
          ? { correctionNote: said('已发布新方法并完成首月执行，记录见附件') }
          : {}),
        recordedBy: lead,
        createdAt: moment(earliest(audit.assessedOn, end), 0),
        updatedAt: moment(earliest(audit.assessedOn, end), 0),
      });
      const steps = kind === 'observation' ? 1 : FINDING_STATES.indexOf(state) + 1;
      PATH.slice(0, steps).forEach(([event, days], k) => {
        const on = earliest(dayAfter(audit.assessedOn, days), end);
        const byCenter = event === 'plan_submitted' || event === 'correction_submitted';
        events.push({
          findingId: id,
          event,
          actorId: byCenter ? audit.adminId : lead,
          comment: event === 'verified' ? said('现场复核，纠正有效') : null,
          at: moment(on, k),
        });
      });
    });
  }
  for (let i = 0; i < findings.length; i += 2_000)
    await tx.insert(schema.findings).values(findings.slice(i, i + 2_000));
  for (let i = 0; i < events.length; i += 3_000)
    await tx.insert(schema.findingEvents).values(events.slice(i, i + 3_000));
  return { findings: findings.length, events: events.length };
}
