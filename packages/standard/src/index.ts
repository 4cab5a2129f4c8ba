export * from './loader.ts';
export * from './problems.ts';
export * from './schema.ts';
export { checkMapping, checkPack, type Finding } from './validate.ts';
