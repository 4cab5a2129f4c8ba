export * from './messages.ts';
export * from './parse.ts';
export * from './serialize.ts';
