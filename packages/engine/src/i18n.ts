import { LOCALES, type Locale } from './standard.ts';

/** A message in every locale, with {placeholders}. */
export type Message = Readonly<Record<Locale, string>>;
export type Catalog<Code extends string> = Readonly<Record<Code, Message>>;
export type Params = Readonly<Record<string, string | number>>;

/**
 * The {name}s of a string, as a union of literal types: `'{clause} 缺少 {n}'` gives
 * `'clause' | 'n'`. A string whose text is not known to the compiler (`string`) gives `never`.
 */
export type PlaceholdersIn<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? (Name extends '' | `${string}${' ' | '{'}${string}` ? never : Name) | PlaceholdersIn<Rest>
  : never;

/** The placeholders of a message in any of its locales (English may word it with others). */
export type PlaceholdersOf<M extends Message> = PlaceholdersIn<M[Locale]>;

/**
 * The parameters a text needs: every placeholder, when its text is known (catalogues declared
 * `as const`); any, otherwise. Distributes over a union, so a code picked at run time takes any.
 */
export type ParamsFor<S extends string> = S extends string
  ? [PlaceholdersIn<S>] extends [never]
    ? [params?: Params]
    : [params: Readonly<Record<PlaceholdersIn<S>, string | number>>]
  : never;

/** The parameters of a message: the placeholders of all its locales. */
export type MessageParams<M extends Message> = M extends Message
  ? [PlaceholdersOf<M>] extends [never]
    ? [params?: Params]
    : [params: Readonly<Record<PlaceholdersOf<M>, string | number>>]
  : never;

/** Fills the {placeholders} of a text; one it is not given stays visible. */
export function fill<const S extends string>(text: S, ...[params = {}]: ParamsFor<S>): string {
  const values: Params = params;
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

/** A message in the reader's language, its {placeholders} filled. */
export function format<const M extends Message>(
  message: M,
  locale: Locale,
  ...[params = {}]: MessageParams<M>
): string {
  return fill<string>(message[locale], params);
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * Picks a locale from a BCP 47 tag or a POSIX LANG value ("zh_TW.UTF-8", "zh-HK", "en-US").
 * Chinese is the default: the users are Chinese contact centers.
 */
export function localeFromTag(tag: string | undefined | null): Locale {
  const t = (tag ?? '').toLowerCase().replace('_', '-');
  if (t.startsWith('en')) return 'en';
  if (/^zh-(hant|tw|hk|mo)/.test(t)) return 'zh-Hant';
  return 'zh-Hans';
}
