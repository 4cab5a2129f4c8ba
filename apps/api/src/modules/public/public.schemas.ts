import { z } from 'zod';
import { localizedText } from '../certificates/certificates.schemas.ts';

/** One line of the public directory: an active certificate of a listed center. */
export const directoryEntry = z
  .strictObject({
    number: z.string(),
    organization: z.string(),
    level: z.int(),
    levelName: localizedText,
    standard: z.string(),
    issuedOn: z.string(),
    expiresOn: z.string(),
  })
  .meta({ id: 'DirectoryEntry' });
