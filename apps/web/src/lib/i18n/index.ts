import { fill, isLocale, LOCALES, type Locale } from '@ccmm/engine';
import { en } from './en.ts';
import { zhHans } from './zh-Hans.ts';
import { zhHant } from './zh-Hant.ts';

// Every string of the UI, in 简体 (the default), 繁體 and English; zh-Hans.ts defines the keys.
export type Messages = typeof zhHans;

const catalogs: Record<Locale, Messages> = { 'zh-Hans': zhHans, 'zh-Hant': zhHant, en };

export const LANGUAGE_NAMES: Record<Locale, string> = {
  'zh-Hans': '简体中文',
  'zh-Hant': '繁體中文',
  en: 'English',
};
export { LOCALES };

export function t(locale: string | undefined): Messages {
  return catalogs[isLocale(locale) ? locale : 'zh-Hans'];
}

/** Fills {placeholders}: the engine's fill, which every catalogue of the product uses. */
export const fmt = fill;
