/** Experiments shared by the app and the CLI: windows, plans, the runner and its run format. */

export * from './formats';
export * from './plans';
export * from './run';
export * from './runner';
export * from './window';
