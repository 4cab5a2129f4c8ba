import { createHash } from 'node:crypto';
import { type Executor, schema } from '@ccmm/db';
import { and, eq, isNull } from 'drizzle-orm';
import QRCode from 'qrcode';
import { errors } from '../../errors.ts';
import { newRecoveryCodes, newTotpSecret, otpauthUri, verifyTotp } from './totp.ts';

// Two-step sign-in with an authenticator app: a secret shown once as a QR code, confirmed with a
// code from the app, then asked for at every sign-in; ten single-use recovery codes stand in
// for a lost phone. A code is good once (the last step used is kept).

const { recoveryCodes, users } = schema;

const hashCode = (code: string) =>
  createHash('sha256').update(code.replace(/[\s-]/g, '').toUpperCase()).digest('hex');

/** Recovery codes are written "7K3MQ-9XW2P"; authenticator codes are 6 digits. */
const isRecoveryCode = (code: string) => /^[A-Za-z0-9]{5}-?[A-Za-z0-9]{5}$/.test(code.trim());

export function createTwoFactor(db: Executor) {
  /** True when `code` is the user's current authenticator code or an unused recovery code (then spent). */
  async function accept(userId: string, code: string, now: number): Promise<boolean> {
    const [row] = await db
      .select({ secret: users.totpSecret, lastStep: users.totpLastStep })
      .from(users)
      .where(eq(users.id, userId))
      .for('update');
    if (!row?.secret) return false;
    if (isRecoveryCode(code)) {
      const spent = await db
        .update(recoveryCodes)
        .set({ usedAt: new Date(now) })
        .where(
          and(
            eq(recoveryCodes.userId, userId),
            eq(recoveryCodes.codeHash, hashCode(code)),
            isNull(recoveryCodes.usedAt),
          ),
        )
        .returning({ id: recoveryCodes.id });
      return spent.length === 1;
    }
    const step = verifyTotp(row.secret, code.trim(), now, row.lastStep);
    if (step === null) return false;
    await db.update(users).set({ totpLastStep: step }).where(eq(users.id, userId));
    return true;
  }

  return {
    accept,

    /** A new secret to enrol (replacing any unconfirmed one), its URI and the QR code of it as SVG. */
    async begin(userId: string, account: string, issuer: string) {
      const secret = newTotpSecret();
      await db.update(users).set({ totpPendingSecret: secret }).where(eq(users.id, userId));
      const uri = otpauthUri(secret, account, issuer);
      const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
      return { secret, uri, qrSvg };
    },

    /** Turns it on with a code from the enrolled app; the recovery codes, shown once. */
    async confirm(userId: string, code: string, now: number): Promise<string[]> {
      const [row] = await db
        .select({ pending: users.totpPendingSecret })
        .from(users)
        .where(eq(users.id, userId))
        .for('update');
      if (!row?.pending) throw errors.conflict('auth.two_factor_not_started');
      const step = verifyTotp(row.pending, code.trim(), now, null);
      if (step === null) throw errors.badRequest('auth.two_factor_code_invalid');
      await db
        .update(users)
        .set({ totpSecret: row.pending, totpPendingSecret: null, totpLastStep: step })
        .where(eq(users.id, userId));
      const codes = newRecoveryCodes();
      await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
      await db.insert(recoveryCodes).values(codes.map((c) => ({ userId, codeHash: hashCode(c) })));
      return codes;
    },

    /** Turns it off, proven with a current code or a recovery code. */
    async disable(userId: string, code: string, now: number): Promise<void> {
      if (!(await accept(userId, code, now))) throw errors.badRequest('auth.two_factor_code_invalid');
      await db
        .update(users)
        .set({ totpSecret: null, totpPendingSecret: null, totpLastStep: null })
        .where(eq(users.id, userId));
      await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    },
  };
}
