// $env/dynamic/private outside SvelteKit (the unit tests import server modules directly): the
// process's environment, as adapter-node gives it at run time.
export const env: Record<string, string | undefined> = process.env;
