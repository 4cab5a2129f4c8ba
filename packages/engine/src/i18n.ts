import { LOCALES, type Locale } from './standard.ts';

/** A message in every locale, with {placeholders}. */
export type Message = Readonly<Record<Locale, string>>;
export type Catalog<Code extends string> = Readonly<Record<Code, Message>>;
export type Params = Readonly<Record<string, string | number>>;

export function format(message: Message, locale: Locale, params: Params = {}): string {
  return message[locale].replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  );
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
