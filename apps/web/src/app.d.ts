import type { Locale } from '@ccmm/engine';
import type { SessionUser } from '$lib/session';

declare global {
  namespace App {
    interface Locals {
      /** The session token from the ccmm_token cookie; server-side only, never sent to the page. */
      token: string | null;
      user: SessionUser | null;
      locale: Locale;
      /** The browser's address as the API's server believes it (forwarded for its limits). */
      clientAddress: string;
      /** The page request's id (x-request-id, set by the API's server): passed on to the API calls. */
      requestId?: string;
    }
    interface PageData {
      user: SessionUser | null;
      locale: Locale;
    }
    interface Error {
      message: string;
      code?: string;
    }
  }
}
