// What the ccmm command (apps/cli) runs of the product's operations: backup and restore.
export {
  BackupError,
  type BackupSummary,
  backup,
  type IntegrityReport,
  restore,
  verifyIntegrity,
} from './backup.ts';
