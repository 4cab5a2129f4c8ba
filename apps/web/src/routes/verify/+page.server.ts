import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

// The form is a plain GET: /verify?number=… goes on to /verify/<number>, with or without JavaScript.
export const load = (({ url }) => {
  const number = url.searchParams.get('number')?.trim().toUpperCase();
  if (number) redirect(303, `/verify/${encodeURIComponent(number)}`);
  return {};
}) satisfies PageServerLoad;
